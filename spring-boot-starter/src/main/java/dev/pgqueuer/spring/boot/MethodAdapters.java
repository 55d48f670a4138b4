package dev.pgqueuer.spring.boot;

import dev.pgqueuer.Job;
import dev.pgqueuer.Payload;
import dev.pgqueuer.worker.JobContext;
import dev.pgqueuer.worker.JobHandler;
import dev.pgqueuer.worker.scheduler.ScheduleContext;
import dev.pgqueuer.worker.scheduler.ScheduleHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;

/** Turns annotated bean methods into handlers, checking their parameters first. */
final class MethodAdapters {

  private MethodAdapters() {}

  /** A job handler calling {@code method} on {@code bean}. @throws PgQueuerConfigurationException on a bad signature */
  static JobHandler jobHandler(Object bean, Method method) {
    Function<JobContext, @Nullable Object[]> args = jobArguments(method);
    ReflectionUtils.makeAccessible(method);
    return ctx -> invoke(bean, method, args.apply(ctx));
  }

  /** A schedule handler calling {@code method}. @throws PgQueuerConfigurationException on a bad signature */
  static ScheduleHandler scheduleHandler(Object bean, Method method) {
    Class<?>[] types = method.getParameterTypes();
    boolean withContext;
    if (types.length == 0) {
      withContext = false;
    } else if (types.length == 1 && types[0] == ScheduleContext.class) {
      withContext = true;
    } else {
      throw new PgQueuerConfigurationException("@PgQueuerSchedule method " + describe(method)
          + " has parameters " + java.util.Arrays.toString(types) + ".",
          "Declare no parameter or one ScheduleContext.");
    }
    ReflectionUtils.makeAccessible(method);
    return ctx -> invoke(bean, method, withContext ? new Object[] {ctx} : new Object[0]);
  }

  private static Function<JobContext, @Nullable Object[]> jobArguments(Method method) {
    Class<?>[] types = method.getParameterTypes();
    if (types.length == 0) {
      return ctx -> new Object[0];
    }
    if (types.length == 1) {
      Class<?> type = types[0];
      if (type == JobContext.class) {
        return ctx -> new Object[] {ctx};
      }
      if (type == Job.class) {
        return ctx -> new Object[] {ctx.job()};
      }
      if (type == Payload.class) {
        return ctx -> new @Nullable Object[] {ctx.payload()};
      }
      if (type == String.class) {
        return ctx -> new @Nullable Object[] {ctx.payload() == null ? null : ctx.payload().toUtf8()};
      }
    }
    throw new PgQueuerConfigurationException("@PgQueuerHandler method " + describe(method) + " has parameters "
        + java.util.Arrays.toString(types) + ".",
        "Declare no parameter or one of JobContext, Job, Payload or String (the payload as UTF-8).");
  }

  private static void invoke(Object bean, Method method, @Nullable Object[] args) throws Exception {
    try {
      method.invoke(bean, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  static String describe(Method method) {
    return method.getDeclaringClass().getName() + "." + method.getName();
  }
}

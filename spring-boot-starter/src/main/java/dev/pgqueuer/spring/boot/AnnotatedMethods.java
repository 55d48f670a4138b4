package dev.pgqueuer.spring.boot;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds the {@link PgQueuerHandler} and {@link PgQueuerSchedule} methods of every bean as it is initialised (on the
 * final bean, so a proxied bean, {@code @Transactional} for example, is called through its proxy). Thread-safe.
 */
final class AnnotatedMethods implements BeanPostProcessor {

  /** One annotated method of a bean; {@code method} is callable on {@code bean}. */
  record Found<A>(String beanName, Object bean, Method method, A annotation) {}

  private final List<Found<PgQueuerHandler>> handlers = new ArrayList<>();
  private final List<Found<PgQueuerSchedule>> schedules = new ArrayList<>();

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = AopUtils.getTargetClass(bean);
    collect(bean, beanName, type, PgQueuerHandler.class, handlers);
    collect(bean, beanName, type, PgQueuerSchedule.class, schedules);
    return bean;
  }

  private <A extends java.lang.annotation.Annotation> void collect(Object bean, String beanName, Class<?> type,
      Class<A> annotation, List<Found<A>> into) {
    if (!org.springframework.core.annotation.AnnotationUtils.isCandidateClass(type, annotation)) {
      return;
    }
    Map<Method, A> methods = MethodIntrospector.selectMethods(type,
        (MethodIntrospector.MetadataLookup<A>) m -> AnnotatedElementUtils.findMergedAnnotation(m, annotation));
    if (methods.isEmpty()) {
      return;
    }
    synchronized (this) {
      methods.forEach((method, found) ->
          into.add(new Found<>(beanName, bean, AopUtils.selectInvocableMethod(method, bean.getClass()), found)));
    }
  }

  synchronized List<Found<PgQueuerHandler>> handlers() {
    return List.copyOf(handlers);
  }

  synchronized List<Found<PgQueuerSchedule>> schedules() {
    return List.copyOf(schedules);
  }
}

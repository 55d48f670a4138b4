package dev.pgqueuer.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Finds and fills {@link InjectQueue} fields. The validated field list of each class is computed once (reflection
 * is the expensive part of a cheap fixture) and kept in a {@link ClassValue}, which holds only class metadata, never
 * per-test state.
 */
final class FieldInjection {

  private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
    @Override
    protected List<Field> computeValue(Class<?> type) {
      return validatedFields(type);
    }
  };

  private FieldInjection() {}

  /**
   * The {@link InjectQueue} fields of {@code type} and its superclasses, accessible.
   *
   * @throws ExtensionConfigurationException when a field is static, final or of an unsupported type
   */
  static List<Field> fieldsOf(Class<?> type) {
    return FIELDS.get(type);
  }

  /** Assigns the fixture's objects to the fields of {@code instance}. */
  static void inject(Object instance, List<Field> fields, QueueFixture fixture) {
    for (Field field : fields) {
      try {
        field.set(instance, fixture.supply(field.getType()));
      } catch (IllegalAccessException e) {
        throw new ExtensionConfigurationException("Cannot assign @InjectQueue field [" + describe(field) + "]", e);
      }
    }
  }

  private static List<Field> validatedFields(Class<?> type) {
    List<Field> out = new ArrayList<>();
    for (Field field : AnnotationSupport.findAnnotatedFields(type, InjectQueue.class)) {
      int modifiers = field.getModifiers();
      if (Modifier.isStatic(modifiers)) {
        throw new ExtensionConfigurationException("Configuration error: @InjectQueue field [" + describe(field)
            + "] must not be static: each test gets its own queue, and a static field would share it between tests");
      }
      if (Modifier.isFinal(modifiers)) {
        throw new ExtensionConfigurationException(
            "Configuration error: @InjectQueue field [" + describe(field) + "] must not be final");
      }
      if (!QueueFixture.supplies(field.getType())) {
        throw new ExtensionConfigurationException("Configuration error: @InjectQueue field [" + describe(field)
            + "] has type " + field.getType().getName() + ", but PgQueuerExtension supplies only "
            + QueueFixture.suppliedTypes());
      }
      field.setAccessible(true);
      out.add(field);
    }
    return List.copyOf(out);
  }

  private static String describe(Field field) {
    return field.getDeclaringClass().getName() + "." + field.getName();
  }
}

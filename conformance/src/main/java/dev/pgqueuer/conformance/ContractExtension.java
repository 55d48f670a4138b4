package dev.pgqueuer.conformance;

import dev.pgqueuer.ManualClock;
import dev.pgqueuer.port.Repository;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link ContractQueue} parameters: one fresh queue per test method, created lazily from the test
 * instance's {@link ContractSupport#newRepository} and closed after the test. Safe under parallel execution: the
 * state lives in the method's own store.
 */
public final class ContractExtension implements ParameterResolver, AfterEachCallback {

  private static final Namespace NAMESPACE = Namespace.create(ContractExtension.class);
  private static final String KEY = "queue";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ContractQueue.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    ContractQueue existing = store.get(KEY, ContractQueue.class);
    if (existing != null) {
      return existing;
    }
    Object instance = context.getRequiredTestInstance();
    if (!(instance instanceof ContractSupport)) {
      throw new ParameterResolutionException(
          "ContractQueue parameters need a test class implementing ContractSupport, got " + instance.getClass());
    }
    ManualClock clock = ManualClock.create();
    Repository repository = ((ContractSupport) instance).newRepository(clock);
    ContractQueue queue = new ContractQueue(repository, clock, context.getDisplayName());
    store.put(KEY, queue);
    return queue;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ContractQueue queue = context.getStore(NAMESPACE).remove(KEY, ContractQueue.class);
    if (queue != null) {
      queue.close();
    }
  }
}

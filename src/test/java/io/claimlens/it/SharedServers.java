package io.claimlens.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands {@link S3Proxy} and {@link StandaloneCluster} to integration tests that ask for them as
 * parameters. Each server starts once per test run, on first use, and is shared by every test
 * class; JUnit closes it when the run ends (a shutdown hook stops it if the JVM dies first).
 */
public final class SharedServers implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedServers.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == S3Proxy.class || type == StandaloneCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    if (type == S3Proxy.class) {
      return store.computeIfAbsent(S3Proxy.class, k -> S3Proxy.start(), S3Proxy.class);
    }
    return store.computeIfAbsent(
        StandaloneCluster.class, k -> StandaloneCluster.start(), StandaloneCluster.class);
  }
}

package dev.ecaprovisioner.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** The shaded jar the tests that start the real tool run: failsafe names it in the system property {@code eca.jar}. */
public final class ShadedJar {
  private ShadedJar() {}

  /** The jar's path, failing the test with a clear reason when failsafe did not name it or it is not there. */
  public static Path path() {
    String property = System.getProperty("eca.jar");
    assertThat(property).as("failsafe sets eca.jar to the shaded jar").isNotNull();
    Path jar = Path.of(property);
    assertThat(jar).exists();
    return jar;
  }
}

package dev.ecaprovisioner.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The envelope every {@code --format json} answer of this tool shares with the Salesforce CLI's {@code --json}:
 * {@code {"status": EXIT_CODE, "result": ..., "warnings": []}}, pretty-printed, with a trailing newline, so a
 * pipeline reads {@code validate}, {@code audit}, {@code provision} and {@code doctor} as it reads {@code sf}.
 */
public final class SfJsonEnvelope {
  private static final JsonFactory JSON = new JsonFactory();

  private SfJsonEnvelope() {}

  /** Writes the value of {@code result}: one JSON value, usually an object. */
  @FunctionalInterface
  public interface Result {
    void write(JsonGenerator g) throws IOException;
  }

  /** The whole answer with this exit code as {@code status} and what {@code result} writes as its result. */
  public static String render(int status, Result result) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("status", status);
      g.writeFieldName("result");
      result.write(g);
      g.writeArrayFieldStart("warnings");
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }
}

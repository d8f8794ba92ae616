package dev.ecaprovisioner.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProgressBarTest {
  @Test
  void draws_calls_done_against_calls_planned_and_clears_its_line() {
    StringWriter err = new StringWriter();
    ReadProgress bar = ProgressBar.on(new PrintWriter(err), "dev", true, false);

    bar.planned(2);
    bar.finished(2);
    bar.done();

    assertThat(err.toString()).contains("Reading dev [").contains("] 2/2 calls").endsWith("\r");
    assertThat(ProgressBar.line("dev", 5, 10)).isEqualTo("Reading dev [" + "#".repeat(15) + "-".repeat(15)
        + "] 5/10 calls");
  }

  @Test
  void stays_silent_off_a_terminal_and_for_machine_readable_output() {
    StringWriter err = new StringWriter();
    PrintWriter out = new PrintWriter(err);

    assertThat(ProgressBar.on(out, "dev", false, false)).isSameAs(ReadProgress.NONE);
    assertThat(ProgressBar.on(out, "dev", true, true)).isSameAs(ReadProgress.NONE);
    assertThat(err.toString()).isEmpty();
  }
}

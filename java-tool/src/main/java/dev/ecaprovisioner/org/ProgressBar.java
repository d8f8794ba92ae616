package dev.ecaprovisioner.org;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-line progress bar on stderr while an org is read: {@code Reading dev [#######-------] 120/502 calls}. It is
 * drawn only on a terminal and never for machine-readable output, so CI logs and {@code --format json} stay clean; it
 * redraws at most ten times a second and clears its line when the read is over.
 */
public final class ProgressBar implements ReadProgress {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final String label;
  private final AtomicInteger planned = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private long lastDrawn;
  private int lastLength;

  private ProgressBar(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
  }

  /**
   * A bar when {@code onTerminal} and the output is for people, else {@link ReadProgress#NONE}.
   *
   * @param onTerminal whether stderr is a terminal ({@code System.console() != null})
   * @param machineReadable whether the command prints json, sarif or junit
   */
  public static ReadProgress on(PrintWriter err, String label, boolean onTerminal, boolean machineReadable) {
    return onTerminal && !machineReadable ? new ProgressBar(err, label) : ReadProgress.NONE;
  }

  @Override
  public void planned(int calls) {
    planned.addAndGet(calls);
    draw();
  }

  @Override
  public void finished(int calls) {
    finished.addAndGet(calls);
    draw();
  }

  @Override
  public synchronized void done() {
    err.print("\r" + " ".repeat(lastLength) + "\r");
    err.flush();
    lastLength = 0;
  }

  /** The line as drawn, for a given count. */
  static String line(String label, int done, int total) {
    int filled = total == 0 ? 0 : (int) ((long) WIDTH * Math.min(done, total) / total);
    return "Reading " + label + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total
        + " calls";
  }

  private synchronized void draw() {
    long now = System.nanoTime();
    int done = finished.get();
    int total = planned.get();
    if (lastDrawn != 0 && now - lastDrawn < REDRAW_NANOS && done < total) {
      return;
    }
    lastDrawn = now;
    String text = line(label, done, total);
    err.print("\r" + text + " ".repeat(Math.max(0, lastLength - text.length())));
    err.flush();
    lastLength = text.length();
  }
}

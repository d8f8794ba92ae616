package dev.ecaprovisioner.org;

/** Told how many Metadata API calls a read has planned and finished, for a progress bar. Called from many threads. */
public interface ReadProgress {
  ReadProgress NONE = new ReadProgress() {
    @Override
    public void planned(int calls) {}

    @Override
    public void finished(int calls) {}
  };

  /** More calls are planned (the list calls first, then the reads each list answer asks for). */
  void planned(int calls);

  /** Calls are done, whether they succeeded or failed for good. */
  void finished(int calls);

  /** The read is over. */
  default void done() {}
}

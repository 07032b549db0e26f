package dev.repotune.extractors.git;

import dev.repotune.extractors.ExtractionException;
import java.util.concurrent.Callable;

/**
 * One step of {@link RepositoryReader#resolve()} in JGit's porcelain shape ({@code GitCommand}): the
 * reader's factory hands it out configured, fluent setters adjust it, and {@link #call()} runs it once.
 * Single use, so a command never carries one run's state into the next.
 */
abstract class ReaderCommand<T> implements Callable<T> {
  private boolean callable = true;

  /** Fails when {@link #call()} has run already: setters and a second call are programming errors. */
  protected final void checkCallable() {
    if (!callable) {
      throw new IllegalStateException(getClass().getSimpleName() + " was called already: ask the reader for a new one");
    }
  }

  /** Marks the command used; {@link #call()} does this first. */
  protected final void markCalled() {
    checkCallable();
    callable = false;
  }

  @Override
  public abstract T call() throws ExtractionException;
}

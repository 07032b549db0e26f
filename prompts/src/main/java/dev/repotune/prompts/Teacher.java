package dev.repotune.prompts;

/**
 * Something that answers one rendered prompt (rrio's {@code Caller}). Whether a failure is worth another
 * try is told by the exception's type ({@link RetryPolicy#isRetryable}), never by reading its message.
 */
public interface Teacher {
  TeacherResponse ask(TeacherRequest request) throws TeacherException;
}

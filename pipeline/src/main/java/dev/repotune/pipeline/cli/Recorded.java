package dev.repotune.pipeline.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How an option of {@code generate} is recorded in the dataset it makes, declared beside the option so
 * that {@link RunRecord} reads the record off the parse instead of listing the options again. An option
 * without it is not recorded: it changes how the run goes, not what it makes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Recorded {
  /** In manifest.json's {@code config}, under the option's name without "--" and with '_' for '-'. */
  boolean config() default true;

  /** When the option is on the command line that says how the dataset was made. */
  Shown shown() default Shown.GIVEN;

  /** The teacher whose runs record it: the LLM path ignores --variants, the offline one the endpoint. */
  Teacher teacher() default Teacher.ANY;

  enum Shown {
    /** Not on the command line; config alone records it. */
    NEVER,
    /** When the user gave it. */
    GIVEN,
    /** Always, with its default when not given: which model made the rows must be read off the line. */
    ALWAYS,
    /** Only on the line that resumes an interrupted run: a dataset is the same wherever it is written. */
    RESUME
  }

  enum Teacher {
    ANY,
    OFFLINE,
    OPENAI;

    boolean records(boolean llm) {
      return this == ANY || (this == OPENAI) == llm;
    }
  }
}

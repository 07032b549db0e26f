package dev.repotune.prompts;

/**
 * How the offline teacher states one task kind's fact about a declaration: the question templates and
 * the answer, or null when it has nothing true and useful to say (no Javadoc, a one-line getter, no
 * callers). Each kind's drafter is named by its {@link TaskKind} constant; one small file each.
 */
interface Drafter {
  Draft draft(TaskKind kind, Subject s);
}

package dev.repotune.prompts;

import java.util.List;

/**
 * How {@link CommitTeacher} states one history kind's facts about a commit: the drafts it asks (none when
 * the commit gives nothing true and useful to say for that kind). Each history kind's drafter is named by
 * its {@link TaskKind} constant; one small file each.
 */
interface CommitDrafter {
  List<CommitDraft> draft(TaskKind kind, CommitView c);
}

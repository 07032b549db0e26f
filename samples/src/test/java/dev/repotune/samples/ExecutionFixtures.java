package dev.repotune.samples;

import java.util.List;

/** Rows of the kinds made by running a repository's tests, as those stages make them, for the tests. */
final class ExecutionFixtures {
  private ExecutionFixtures() {}

  static final String PATH = "gson/src/main/java/com/google/gson/JsonArray.java";
  static final String COMMIT = "3f1c2b7a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b";
  static final String PARENT = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807";
  static final String TEST = "com.google.gson.JsonArrayTest#testRemove";

  static final String METHOD =
      "public boolean remove(JsonElement element) {\n  return elements.remove(element);\n}";
  static final String MUTANT =
      "public boolean remove(JsonElement element) {\n  elements.remove(element);\n  return true;\n}";

  static List<Message> prompt() {
    return List.of(new Message("system", "You write Java methods for gson."),
        new Message("user", "Implement `JsonArray.remove(JsonElement)` in " + PATH
            + ": remove the first occurrence of `element` and say whether there was one.\n\n```java\n"
            + "public boolean remove(JsonElement element) {\n  // ...\n}\n```"));
  }

  static SftRecord exec(String split) {
    return new SftRecord("exec-" + split + "-1",
        List.of(new Message("user", "The test " + TEST + " fails on this method. Fix it.\n\n```java\n" + MUTANT + "\n```"),
            new Message("assistant", "```java\n" + METHOD + "\n```")),
        new SftRecord.Meta("gson", COMMIT, PATH, "JsonArray.remove(JsonElement)", "201-203", "fix-bug", "offline",
            "exec-v1", "chunk-7", split));
  }

  static PreferenceRecord preference(String split) {
    return new PreferenceRecord("pref-" + split + "-1", prompt(),
        List.of(new Message("assistant", "```java\n" + METHOD + "\n```")),
        List.of(new Message("assistant", "```java\n" + MUTANT + "\n```")),
        new PreferenceRecord.Meta("gson", COMMIT, PATH, "JsonArray.remove(JsonElement)", "201-203", "implement",
            PreferenceRecord.BY_MUTANT, "return_value_true", TEST, split));
  }

  static RlTask.GroundTruth spec(List<String> tests) {
    return new RlTask.GroundTruth("gson", COMMIT, PATH, "JsonArray.remove(JsonElement)", 201, 203, tests,
        "mvn -B -q -DskipTests install", "mvn -B -q test -Dtest=");
  }

  static RlTask rl(String split, long index) {
    return new RlTask("rl-" + split + "-" + index, RlTask.dataSource("gson"), prompt(), RlTask.ABILITY, RlTask.STYLE,
        spec(List.of(TEST, "com.google.gson.JsonArrayTest#testRemoveAbsent")).json(),
        new RlTask.ExtraInfo(split, index, "gson", COMMIT, PATH, "JsonArray.remove(JsonElement)", METHOD));
  }

  static final String PATCH =
      "diff --git a/" + PATH + " b/" + PATH + "\n--- a/" + PATH + "\n+++ b/" + PATH + "\n@@ -201,3 +201,3 @@\n"
          + "-  elements.remove(element);\n-  return true;\n+  return elements.remove(element);\n";
  static final String TEST_PATH = "gson/src/test/java/com/google/gson/JsonArrayTest.java";
  static final String TEST_PATCH =
      "diff --git a/" + TEST_PATH + " b/" + TEST_PATH + "\n--- a/" + TEST_PATH + "\n+++ b/" + TEST_PATH
          + "\n@@ -40,0 +41,4 @@\n+  public void testRemove() {\n+    assertFalse(new JsonArray().remove(JsonNull.INSTANCE));\n+  }\n";

  static InstanceRecord instance(String split) {
    return new InstanceRecord("google/gson", InstanceRecord.instanceId("google/gson", COMMIT), PARENT, PATCH,
        TEST_PATCH, "JsonArray.remove returns true when the element is absent\n\nIt should say whether it removed one.",
        "", "2023-04-01T10:15:00Z", "", List.of(TEST),
        List.of("com.google.gson.JsonArrayTest#testAdd", "com.google.gson.JsonArrayTest#testSize"), PARENT,
        "mvn -B -q -DskipTests install", "mvn -B -q test -Dtest=", new InstanceRecord.Meta(COMMIT, split));
  }
}

package dev.repotune.extractors.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shell lines a user (or a trainer's reward function) runs at a work copy's root to do what
 * {@link MavenBuild} and {@link TestRun} do: written into SWE-bench-style instances and RL tasks, so a row
 * says exactly how it is scored.
 */
public final class ShellCommands {
  /** The classpath file {@link #build} writes and {@link #test} reads. */
  public static final String CLASSPATH_FILE = "cp.txt";

  private ShellCommands() {}

  /**
   * Builds the work copy and writes its test classpath to {@link #CLASSPATH_FILE}: the same two Maven calls
   * as {@link MavenBuild}, with the project's wrapper when it has one.
   */
  public static String build(Path workCopy) {
    String mvn = Files.isRegularFile(workCopy.resolve("mvnw")) ? "sh mvnw" : "mvn";
    return mvn + " -B -q -DskipTests test-compile && " + mvn + " -B -q " + MavenBuild.DEPENDENCY_PLUGIN
        + ":build-classpath -Dmdep.outputFile=" + CLASSPATH_FILE + " -Dmdep.includeScope=test";
  }

  /**
   * Runs {@code classes} and {@code methods} ({@code pkg.Class#method}) after {@link #build}, as {@link
   * TestRun} does: the JUnit console launcher of {@code launcherVersion} from the local Maven repository
   * (fetched first when absent), the class folders and then the dependency jars {@link #CLASSPATH_FILE}
   * lists, XML reports into {@code target/repotune-reports}. A multi-release project's {@code
   * META-INF/versions} folders are not added.
   */
  public static String test(String launcherVersion, List<String> classes, List<String> methods) {
    String jar = "$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/" + launcherVersion
        + "/junit-platform-console-standalone-" + launcherVersion + ".jar";
    StringBuilder sb = new StringBuilder();
    sb.append("{ [ -f ").append(jar).append(" ] || mvn -B -q ").append(MavenBuild.DEPENDENCY_PLUGIN)
        .append(":get -Dartifact=org.junit.platform:junit-platform-console-standalone:").append(launcherVersion)
        .append("; } && java -jar ").append(jar).append(" execute")
        .append(" --class-path \"target/test-classes:target/classes:$(cat ").append(CLASSPATH_FILE).append(")\"")
        .append(" --disable-banner --disable-ansi-colors --details=tree --reports-dir target/repotune-reports");
    for (String c : classes) {
      sb.append(" --select-class=").append(c);
    }
    for (String m : methods) {
      sb.append(" --select-method=").append(m);
    }
    return sb.toString();
  }

  /** The launcher version a build's tests need (its own JUnit Platform's, else repotune's). */
  public static String launcherVersion(BuildResult build) {
    return TestRun.platformVersion(build.testClasspath()).orElse(TestRun.LAUNCHER_VERSION);
  }
}

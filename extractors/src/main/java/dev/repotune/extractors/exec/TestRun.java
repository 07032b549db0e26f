package dev.repotune.extractors.exec;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Runs a built work copy's tests with the JUnit Platform console launcher: one JVM per run and no build tool
 * start, so a mutant's few linked tests cost a second rather than a Maven build. JUnit 4 tests run through
 * the vintage engine the standalone jar carries. Outcomes come from the launcher's legacy XML reports.
 */
public final class TestRun {
  public static final String LAUNCHER_VERSION = "1.11.4";

  private static final String LAUNCHER_GROUP = "org.junit.platform";
  private static final String LAUNCHER_ARTIFACT = "junit-platform-console-standalone";

  /** Which tests one run executes: the given classes and methods, or every test class when both are empty. */
  public record Selection(List<String> classes, List<String> methods) {
    public Selection {
      classes = List.copyOf(classes);
      methods = List.copyOf(methods);
    }

    public static Selection all() {
      return new Selection(List.of(), List.of());
    }

    public static Selection classes(String... names) {
      return new Selection(List.of(names), List.of());
    }

    /** Methods as {@code pkg.Class#method}. */
    public static Selection methods(String... selectors) {
      return new Selection(List.of(), List.of(selectors));
    }

    /** Methods as {@code pkg.Class#method}. */
    public static Selection methods(List<String> selectors) {
      return new Selection(List.of(), selectors);
    }

    public boolean isAll() {
      return classes.isEmpty() && methods.isEmpty();
    }
  }

  /** One run: its outcomes (empty or partial when it timed out) and how the launcher process ended. */
  public record Result(List<TestOutcome> outcomes, ChildProcess.Result process) {
    public Result {
      outcomes = List.copyOf(outcomes);
    }

    public long count(TestOutcome.Status status) {
      return outcomes.stream().filter(o -> o.status() == status).count();
    }
  }

  private final Path workCopy;
  private final List<Path> classpath;
  private final Limits limits;
  private final Path launcherJar;

  /** {@code classpath} is a successful {@link BuildResult#testClasspath()}; its first entry is scanned for all. */
  public TestRun(Path workCopy, List<Path> classpath, Limits limits, Path launcherJar) {
    if (classpath.isEmpty()) {
      throw new IllegalArgumentException("empty test classpath");
    }
    this.workCopy = workCopy.toAbsolutePath().normalize();
    this.classpath = List.copyOf(classpath);
    this.limits = limits;
    this.launcherJar = launcherJar;
  }

  /**
   * A run for a successful build, with the launcher of the project's own JUnit Platform version (see
   * {@link #platformVersion}), else {@link #LAUNCHER_VERSION}, from the local repository {@code repo}.
   */
  public static TestRun forBuild(Path workCopy, BuildResult build, Limits limits, Path repo) {
    if (!build.ok()) {
      throw new IllegalArgumentException("the build failed: " + build.errorText());
    }
    String version = platformVersion(build.testClasspath()).orElse(LAUNCHER_VERSION);
    return new TestRun(workCopy, build.testClasspath(), limits, launcherJar(version, repo));
  }

  public Limits limits() {
    return limits;
  }

  public Result run(Selection selection) {
    return run(selection, limits);
  }

  /** Runs with other limits: a hanging test would otherwise hold a whole run for the default timeout. */
  public Result run(Selection selection, Limits runLimits) {
    return run(selection, runLimits, List.of());
  }

  /**
   * Runs with {@code first} in front of the build's class path: a trial's freshly compiled classes shadow
   * the built ones of the same name, while the build's folders stay untouched for runs beside it.
   */
  public Result run(Selection selection, Limits runLimits, List<Path> first) {
    List<Path> runClasspath = new ArrayList<>(first);
    runClasspath.addAll(classpath);
    Path home = ChildProcess.freshHome(workCopy);
    Path reports;
    try {
      reports = Files.createTempDirectory(workCopy.getParent(), "reports-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a reports folder beside " + workCopy, e);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.add(runLimits.xmx());
    cmd.add("-Duser.home=" + home);
    cmd.addAll(List.of("-jar", launcherJar.toString(), "execute"));
    cmd.addAll(List.of("--class-path", runClasspath.stream().map(Path::toString)
        .collect(Collectors.joining(File.pathSeparator))));
    cmd.addAll(List.of("--disable-banner", "--details=none", "--reports-dir", reports.toString()));
    if (selection.isAll()) {
      cmd.add("--scan-class-path=" + classpath.get(0));
    }
    for (String c : selection.classes()) {
      cmd.add("--select-class=" + c);
    }
    for (String m : selection.methods()) {
      cmd.add("--select-method=" + m);
    }
    try {
      ChildProcess.Result process = ChildProcess.run(cmd, workCopy, home, Map.of(), runLimits);
      return new Result(readReports(reports), process);
    } finally {
      ChildProcess.deleteTree(home);
      ChildProcess.deleteTree(reports);
    }
  }

  /** Every outcome in the legacy XML reports of {@code dir} (one file per engine). */
  static List<TestOutcome> readReports(Path dir) {
    List<TestOutcome> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
    } catch (IOException e) {
      return out;
    }
    for (Path file : files) {
      Document doc;
      try {
        doc = parser().parse(file.toFile());
      } catch (Exception e) {
        // A report cut short by the time limit: its tests count as not run.
        continue;
      }
      NodeList cases = doc.getElementsByTagName("testcase");
      for (int i = 0; i < cases.getLength(); i++) {
        out.add(outcome((Element) cases.item(i)));
      }
    }
    return out;
  }

  private static TestOutcome outcome(Element testcase) {
    String className = testcase.getAttribute("classname");
    String name = testcase.getAttribute("name");
    int paren = name.indexOf('(');
    String method = paren >= 0 ? name.substring(0, paren) : name;
    TestOutcome.Status status = TestOutcome.Status.PASSED;
    String message = "";
    for (Node n = testcase.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element child)) {
        continue;
      }
      switch (child.getTagName()) {
        case "failure" -> {
          status = TestOutcome.Status.FAILED;
          message = firstLine(child);
        }
        case "error" -> {
          status = TestOutcome.Status.ERRORED;
          message = firstLine(child);
        }
        case "skipped" -> {
          if (status == TestOutcome.Status.PASSED) {
            status = TestOutcome.Status.SKIPPED;
            message = firstLine(child);
          }
        }
        default -> { }
      }
    }
    return new TestOutcome(className, method, name, status, message);
  }

  private static String firstLine(Element problem) {
    String text = problem.getAttribute("message");
    if (text.isEmpty()) {
      text = problem.getAttribute("type");
    }
    if (text.isEmpty()) {
      text = problem.getTextContent().strip();
    }
    int nl = text.indexOf('\n');
    return (nl >= 0 ? text.substring(0, nl) : text).strip();
  }

  private static DocumentBuilder parser() throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setExpandEntityReferences(false);
    return f.newDocumentBuilder();
  }

  static String javaExecutable() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return Files.isExecutable(java) ? java.toString() : "java";
  }

  /**
   * The standalone launcher jar in the user's own {@code ~/.m2} (not a child's fresh HOME); when absent, it
   * is fetched once with {@code mvn dependency:get}, and a clear error says how to get it if that fails.
   */
  public static Path launcherJar() {
    return launcherJar(LAUNCHER_VERSION, MavenBuild.defaultLocalRepository());
  }

  /**
   * The JUnit Platform version of the project's own engine jars on {@code classpath}, if any. The standalone
   * jar's bundled engine wins over the project's (it is on the launcher's own class path), so a project on a
   * newer JUnit (jsoup: 5.14.4, platform 1.14.4) needs the launcher of its own version: with 1.11.4 its
   * parameterized tests fail with AbstractMethodError.
   */
  public static java.util.Optional<String> platformVersion(List<Path> classpath) {
    for (Path p : classpath) {
      String name = p.getFileName() == null ? "" : p.getFileName().toString();
      var m = java.util.regex.Pattern.compile("junit-platform-(?:engine|commons)-(\\d+\\.\\d+\\.\\d+)\\.jar")
          .matcher(name);
      if (m.matches()) {
        return java.util.Optional.of(m.group(1));
      }
    }
    return java.util.Optional.empty();
  }

  /** The launcher of {@code version} in the local repository {@code repo}, fetched once when absent. */
  public static Path launcherJar(String version, Path repo) {
    Path jar = repo.resolve(LAUNCHER_GROUP.replace('.', '/')).resolve(LAUNCHER_ARTIFACT).resolve(version)
        .resolve(LAUNCHER_ARTIFACT + "-" + version + ".jar");
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    String coordinates = LAUNCHER_GROUP + ":" + LAUNCHER_ARTIFACT + ":" + version;
    List<String> cmd = List.of("mvn", "-B", "-q", "-Dmaven.repo.local=" + repo,
        MavenBuild.DEPENDENCY_PLUGIN + ":get", "-Dartifact=" + coordinates);
    Path cwd = Path.of(System.getProperty("java.io.tmpdir"));
    ChildProcess.Result r = ChildProcess.run(cmd, cwd, Path.of(System.getProperty("user.home")),
        Map.of(), Limits.defaults());
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    throw new IllegalStateException("the JUnit console launcher " + coordinates + " is not in " + repo
        + " and mvn dependency:get could not fetch it (" + String.join(" | ", r.tail()) + "); run: mvn -B"
        + " dependency:get -Dartifact=" + coordinates);
  }
}

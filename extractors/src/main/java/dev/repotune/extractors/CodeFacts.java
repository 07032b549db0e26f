package dev.repotune.extractors;

import java.io.Serializable;
import java.util.List;

/**
 * What JavaParser read off one declaration, and nothing else: the offline teacher states only these, so
 * its answers are true of the code by construction. Strings are empty (never null) when absent.
 *
 * @param packageName the compilation unit's package, "" for the default package
 * @param enclosingType for a member: the simple names of the enclosing types joined by '.', e.g.
 *     {@code Gson.Builder}; for a type: its own outer types, "" at top level
 * @param name the simple name of the method, constructor or type (for a constructor, the type's name)
 * @param declarationKind "method", "constructor", "class", "interface", "enum", "record", "annotation"
 *     or "fields"
 * @param signature the declaration line as written, modifiers, generics and type annotations included,
 *     without body, comments or the annotations written before it ({@code @Override}), whitespace
 *     folded: {@code public <T> T fromJson(String json, Class<T> classOfT) throws JsonSyntaxException},
 *     {@code public static @Nullable Element findFirst(Evaluator eval, Element root)}
 * @param javadoc the whole Javadoc comment's text (no comment markers), "" when there is none
 * @param javadocSummary the Javadoc's description without block tags, "" when there is none
 * @param params the parameters in order, each with its {@code @param} text where documented
 * @param returnType the return type as written, its annotations included ({@code @Nullable Element},
 *     {@code List<@NonNull String>}); "" for constructors and types, "void" for void methods
 * @param returnDoc the {@code @return} text, "" when absent
 * @param thrown the declared exceptions (and the {@code @throws} tags not declared), each with its text
 * @param annotations annotation names as written without '@' or arguments, e.g. {@code Override}
 * @param modifiers modifiers as written, e.g. {@code public}, {@code static}
 * @param supertypes for a type: the names it extends and implements as written, qualifier included
 *     ({@code Format.Field}), without type arguments
 * @param calls the method calls made in the body, in source order, de-duplicated
 * @param isOverride whether it carries {@code @Override}
 * @param isTest whether it is test code (a test source folder, a {@code *Test} class or a test method):
 *     such code is no subject of the questions about the code under test
 * @param isTestMethod whether it is a test method itself, what a test runner runs: annotated {@code
 *     @Test}, {@code @ParameterizedTest}, {@code @RepeatedTest}, {@code @TestFactory} or {@code
 *     @TestTemplate} (JUnit 4, 5 or TestNG), or a JUnit 3 {@code public void test*()} of a {@code
 *     TestCase} subclass. Only these are cited as the tests of what they call; a helper in a test class
 *     is test code but no test
 * @param bodyLines the number of lines in the body, 0 when there is none (abstract, interface method)
 * @param declarationLine the file line that names the declaration (past its Javadoc and annotations),
 *     as JavaParser read it; 0 when there is none. Rows that point at a declaration (where it is, who
 *     calls it) give this line, so they agree with each other and with an editor's "go to definition".
 */
public record CodeFacts(
    String packageName,
    String enclosingType,
    String name,
    String declarationKind,
    String signature,
    String javadoc,
    String javadocSummary,
    List<Param> params,
    String returnType,
    String returnDoc,
    List<Thrown> thrown,
    List<String> annotations,
    List<String> modifiers,
    List<String> supertypes,
    List<CallSite> calls,
    boolean isOverride,
    boolean isTest,
    boolean isTestMethod,
    int bodyLines,
    int declarationLine)
    implements Serializable {

  /** Facts of a chunk that is not a Java declaration. */
  public static final CodeFacts NONE =
      new CodeFacts(
          "", "", "", "", "", "", "", List.of(), "", "", List.of(), List.of(), List.of(), List.of(),
          List.of(), false, false, false, 0, 0);

  public CodeFacts {
    packageName = orEmpty(packageName);
    enclosingType = orEmpty(enclosingType);
    name = orEmpty(name);
    declarationKind = orEmpty(declarationKind);
    signature = orEmpty(signature);
    javadoc = orEmpty(javadoc);
    javadocSummary = orEmpty(javadocSummary);
    params = params == null ? List.of() : List.copyOf(params);
    returnType = orEmpty(returnType);
    returnDoc = orEmpty(returnDoc);
    thrown = thrown == null ? List.of() : List.copyOf(thrown);
    annotations = annotations == null ? List.of() : List.copyOf(annotations);
    modifiers = modifiers == null ? List.of() : List.copyOf(modifiers);
    supertypes = supertypes == null ? List.of() : List.copyOf(supertypes);
    calls = calls == null ? List.of() : List.copyOf(calls);
  }

  /** True when this is {@link #NONE} or otherwise names no declaration. */
  public boolean isEmpty() {
    return name.isEmpty();
  }

  /** The declaring type's qualified-enough name for a member: {@code Gson.Builder}; for a type, itself. */
  public String ownerType() {
    return enclosingType;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * A parameter: its type as written with its annotations but not {@code final} ({@code @Nullable
   * String}, {@code int...}), its name, and its {@code @param} text ("" when undocumented).
   */
  public record Param(String type, String name, String doc) implements Serializable {}

  /** A thrown exception: its type as written and its {@code @throws}/{@code @exception} text. */
  public record Thrown(String type, String doc) implements Serializable {}

  /**
   * One method call in a body. {@code scopeType} is the type the call is made on when it can be told
   * without a symbol solver, as written (qualifier kept, type arguments dropped: {@code
   * ImmutableList.Builder}): "" for an unscoped call (this type), the type for a static call ({@code
   * Foo.bar()}) or for a call on a parameter, local or field declared in the same file, {@code
   * "?(name/arity)"} + that call's scope for a call on another call's result ({@code
   * b.setLenient().create()}: {@code create}'s is {@code "?(setLenient/0)GsonBuilder"}, for the index to
   * follow through return types), and "?" when unknown. {@code argTypes} has each argument's type where
   * the call shows it (a literal, a variable declared in the file, a {@code new}, a cast), as written
   * without type arguments, else "?": enough to tell overloads apart when the types match one exactly.
   */
  public record CallSite(String name, int arity, String scopeType, List<String> argTypes) implements Serializable {
    public CallSite {
      argTypes = argTypes == null ? java.util.Collections.nCopies(arity, "?") : List.copyOf(argTypes);
      if (argTypes.size() != arity) {
        throw new IllegalArgumentException(argTypes.size() + " argument types for " + arity + " arguments");
      }
    }

    /** A call whose argument types are all unknown. */
    public CallSite(String name, int arity, String scopeType) {
      this(name, arity, scopeType, null);
    }
  }
}

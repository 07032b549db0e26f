package dev.repotune.extractors.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FileDependenciesTest {
  static CompilationUnit parse(String source) {
    ParserConfiguration config =
        new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21);
    return new JavaParser(config).parse(source).getResult().orElseThrow();
  }

  static FileDependencies deps(String path, String source) {
    return FileDependencies.of(path, parse(source));
  }

  @Test
  void declaresTopLevelAndNestedTypesButNotLocalOnes() {
    FileDependencies f =
        deps(
            "a/Outer.java",
            "package a.b; class Outer { static class Inner { enum E {} } record R() {}"
                + " void m() { class Local {} } } interface Second {}");
    assertEquals(Set.of("a.b.Outer", "a.b.Outer.Inner", "a.b.Outer.Inner.E", "a.b.Outer.R", "a.b.Second"),
        f.declares());
  }

  @Test
  void defaultPackageDeclaresBareNames() {
    FileDependencies f = deps("T.java", "class T { U u; }");
    assertEquals(Set.of("T"), f.declares());
    assertTrue(f.uses().contains("U"));
  }

  @Test
  void usesImportsStaticImportsAndQualifiedMentions() {
    FileDependencies f =
        deps(
            "X.java",
            "package p; import q.Single; import static r.Util.helper; import static s.Consts.*;"
                + " import t.*; import u.Outer;"
                + " @Marker class X extends Base implements Single.Nested {"
                + "   Outer.Inner oi; java.util.Map.Entry<String, Integer> e;"
                + "   void m() { Validate.notNull(this); int k = Token.Type.EOF.ordinal();"
                + "     org.jsoup.helper.Check.that(); list.size(); } }");
    Set<String> uses = f.uses();
    for (String expected :
        new String[] {
          "q.Single", "q.Single.Nested", "r.Util.helper", "r.Util", "s.Consts", "t", "u.Outer",
          "u.Outer.Inner", "p.Marker", "t.Marker", "p.Base", "t.Base", "p.Validate", "t.Validate",
          "p.Token.Type", "p.Token", "p.Token.Type.EOF", "org.jsoup.helper.Check", "java.util.Map.Entry",
          "p.Outer.Inner"
        }) {
      assertTrue(uses.contains(expected), expected + " in " + uses);
    }
    assertFalse(uses.contains("p.list"), "a lower-case receiver is a variable, not a type: " + uses);
    assertFalse(uses.contains("p.size"), uses.toString());
  }

  @Test
  void noneDeclaresAndUsesNothing() {
    FileDependencies f = FileDependencies.none("README.md");
    assertTrue(f.declares().isEmpty());
    assertTrue(f.uses().isEmpty());
  }
}

package dev.repotune.extractors.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DependencyOrderTest {
  private static FileDependencies java(String path, String source) {
    return FileDependenciesTest.deps(path, source);
  }

  private static void assertBefore(List<String> order, String first, String then) {
    assertTrue(order.indexOf(first) >= 0 && order.indexOf(first) < order.indexOf(then),
        first + " before " + then + " in " + order);
  }

  @Test
  void aFileComesAfterWhatItUses() {
    List<FileDependencies> files =
        List.of(
            // path order would put each user before what it uses
            java("a/A1Direct.java", "package a; import z.Zed; class A1Direct { Zed z; }"),
            java("a/A2SamePackage.java", "package a; class A2SamePackage { void m() { Util.help(); } }"),
            java("a/A3OnDemand.java", "package a; import y.*; class A3OnDemand { Why w; }"),
            java("a/A4Nested.java", "package a; import x.Outer; class A4Nested { Outer.Inner i; }"),
            java("a/A5Static.java", "package a; import static w.Consts.LIMIT; class A5Static { int l = LIMIT; }"),
            java("a/Util.java", "package a; public class Util { static void help() {} }"),
            java("y/Why.java", "package y; public class Why {}"),
            java("x/Outer.java", "package x; public class Outer { public static class Inner {} }"),
            java("w/Consts.java", "package w; public class Consts { public static final int LIMIT = 1; }"),
            java("z/Zed.java", "package z; public class Zed {}"));
    DependencyOrder.Result r = DependencyOrder.analyse(files);
    List<String> order = r.order();
    assertBefore(order, "z/Zed.java", "a/A1Direct.java");
    assertBefore(order, "a/Util.java", "a/A2SamePackage.java");
    assertBefore(order, "y/Why.java", "a/A3OnDemand.java");
    assertBefore(order, "x/Outer.java", "a/A4Nested.java");
    assertBefore(order, "w/Consts.java", "a/A5Static.java");
    assertEquals(5, r.edges());
    assertEquals(0, r.cycles());
    // depth first: each dependency right before its first user, not all leaves first
    assertEquals(
        List.of("z/Zed.java", "a/A1Direct.java", "a/Util.java", "a/A2SamePackage.java", "y/Why.java",
            "a/A3OnDemand.java", "x/Outer.java", "a/A4Nested.java", "w/Consts.java", "a/A5Static.java"),
        order);
  }

  @Test
  void importsOutsideTheRepositoryAndSelfUsesAddNoEdge() {
    DependencyOrder.Result r =
        DependencyOrder.analyse(
            List.of(
                java("B.java", "package p; import java.util.List; class B { List<B> bs; B next; }"),
                java("A.java", "package p; import java.util.Map; class A { Map<String, String> m; }")));
    assertEquals(0, r.edges());
    assertEquals(List.of("A.java", "B.java"), r.order());
  }

  @Test
  void aCycleGivesOneOrderForEveryInputOrder() {
    List<FileDependencies> files =
        new ArrayList<>(
            List.of(
                // Node, Element, Document: a cycle; Node uses one of them, the others two each: Node
                // first (fewest dependencies left), then Document and Element, one left each: by path
                java("n/Node.java", "package n; abstract class Node { Element parent; }"),
                java("n/Element.java", "package n; class Element extends Node { Document owner; }"),
                java("n/Document.java", "package n; class Document extends Element { Node n; Validate v; }"),
                java("h/Validate.java", "package h; public class Validate {}"),
                java("n/Validate.java", "package n; class Validate {}"),
                java("t/NodeTest.java", "package t; import n.*; class NodeTest { Node n; Document d; }"),
                FileDependencies.none("README.md"),
                FileDependencies.none("pom.xml"),
                FileDependencies.none("src/main/resources/x.properties"),
                FileDependencies.none("docs/guide.md")));
    DependencyOrder.Result first = DependencyOrder.analyse(files);
    assertEquals(
        List.of("README.md", "pom.xml", "h/Validate.java", "n/Validate.java", "n/Node.java", "n/Document.java",
            "n/Element.java", "t/NodeTest.java", "docs/guide.md", "src/main/resources/x.properties"),
        first.order());
    assertEquals(1, first.cycles());
    assertEquals(3, first.cycleFiles());
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      Collections.shuffle(files, random);
      assertEquals(first, DependencyOrder.analyse(files));
    }
  }

  @Test
  void aNameDeclaredTwiceLinksToTheNearestCopy() {
    List<String> order =
        DependencyOrder.of(
            List.of(
                java("android/src/p/A.java", "package p; class A { B b; }"),
                java("android/src/p/B.java", "package p; class B {}"),
                java("main/src/p/A.java", "package p; class A { B b; }"),
                java("main/src/p/B.java", "package p; class B {}")));
    assertEquals(List.of("android/src/p/B.java", "android/src/p/A.java", "main/src/p/B.java", "main/src/p/A.java"),
        order);
  }

  @Test
  void aLongChainDoesNotOverflowTheStack() {
    List<FileDependencies> files = new ArrayList<>();
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      java.util.Set<String> uses = i + 1 < n ? java.util.Set.of("T" + (i + 1)) : java.util.Set.of();
      files.add(new FileDependencies(String.format("f%05d.java", i), java.util.Set.of("T" + i), uses));
    }
    List<String> order = DependencyOrder.of(files);
    assertEquals(String.format("f%05d.java", n - 1), order.get(0));
    assertEquals("f00000.java", order.get(n - 1));
  }

  @Test
  void aPathTwiceIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> DependencyOrder.of(List.of(FileDependencies.none("a"), FileDependencies.none("a"))));
  }
}

package dev.repotune.extractors.completion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The order of a repository's files for repository-level documents: what a file depends on comes before
 * it (a topological sort of the repository's own import/use graph, as DeepSeek-Coder orders repository
 * data), cycles broken deterministically; the same files give the same order whatever order they came in.
 *
 * <p>How. A file depends on each other file that declares a fully qualified name it uses; when several
 * files declare the name (guava's {@code android/} copy, the JDK's per-platform classes) only the one
 * nearest to it in the tree (longest common folder prefix, then smallest path). The Java files are then
 * ordered by Tarjan's strongly connected components, run over the files in path order with each file's
 * dependencies in path order: it emits a component only after every component it depends on, and as a
 * depth-first post-order it puts a file soon after what it needs (unlike a breadth-first Kahn order, which
 * emits all the leaves of the repository first), so a packed document holds a file with its context.
 * Inside a cycle the files follow DeepSeek-Coder's rule for cycles (its paper's Algorithm 1 and issue
 * #43: repeatedly take the file with the fewest incoming dependencies left), restricted to the cycle's
 * own files so that breaking one cycle never pulls a file ahead of a dependency outside it; ties go to the
 * smallest path where DeepSeek-Coder chooses at random.
 *
 * <p>Files without dependencies of their own ({@link FileDependencies#none}: not Java, or not parsed)
 * are placed around the Java files: the files at the repository's root first (README first, then by
 * path: the front matter and the build, which every file's context benefits from), then the Java files,
 * then the rest by path, which keeps each folder's files (docs, resources, test fixtures) together.
 */
public final class DependencyOrder {
  private DependencyOrder() {}

  /** The paths of {@code files} in dependency order. */
  public static List<String> of(List<FileDependencies> files) {
    return analyse(files).order();
  }

  /**
   * The order with its figures: {@code edges} between distinct files, {@code cycles} the strongly
   * connected components of more than one file, {@code cycleFiles} the files in them.
   */
  public record Result(List<String> order, int edges, int cycles, int cycleFiles) {}

  /** {@link #of} with its figures. */
  public static Result analyse(List<FileDependencies> files) {
    FileDependencies[] byPath = files.toArray(FileDependencies[]::new);
    Arrays.sort(byPath, Comparator.comparing(FileDependencies::path));
    for (int i = 1; i < byPath.length; i++) {
      if (byPath[i].path().equals(byPath[i - 1].path())) {
        throw new IllegalArgumentException("path twice: " + byPath[i].path());
      }
    }
    int n = byPath.length;
    boolean[] java = new boolean[n];
    Map<String, int[]> declaredBy = new HashMap<>();
    for (int i = 0; i < n; i++) {
      FileDependencies f = byPath[i];
      java[i] = !f.declares().isEmpty() || !f.uses().isEmpty();
      for (String fqn : f.declares()) {
        int[] old = declaredBy.get(fqn);
        int[] now = old == null ? new int[1] : Arrays.copyOf(old, old.length + 1);
        now[now.length - 1] = i;
        declaredBy.put(fqn, now);
      }
    }

    int[][] deps = new int[n][];
    int edges = 0;
    for (int i = 0; i < n; i++) {
      TreeSet<Integer> targets = new TreeSet<>();
      for (String fqn : byPath[i].uses()) {
        int[] owners = declaredBy.get(fqn);
        if (owners != null) {
          int t = owners.length == 1 ? owners[0] : nearest(byPath, i, owners);
          if (t != i) {
            targets.add(t);
          }
        }
      }
      deps[i] = targets.stream().mapToInt(Integer::intValue).toArray(); // path order: indices are sorted
      edges += deps[i].length;
    }

    List<String> order = new ArrayList<>(n);
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!java[i] && byPath[i].path().indexOf('/') < 0) {
        if (isReadme(byPath[i].path())) {
          order.add(byPath[i].path());
        } else {
          rest.add(i);
        }
      }
    }
    for (int i : rest) {
      order.add(byPath[i].path());
    }
    int[] cycles = new int[2];
    new Tarjan(deps, java).run(component -> {
      if (component.length > 1) {
        cycles[0]++;
        cycles[1] += component.length;
      }
      for (int i : breakCycle(component, deps)) {
        order.add(byPath[i].path());
      }
    });
    for (int i = 0; i < n; i++) {
      if (!java[i] && byPath[i].path().indexOf('/') >= 0) {
        order.add(byPath[i].path());
      }
    }
    return new Result(List.copyOf(order), edges, cycles[0], cycles[1]);
  }

  private static boolean isReadme(String path) {
    return path.toLowerCase(Locale.ROOT).startsWith("readme");
  }

  /** Of the files declaring one name, the one sharing the longest folder prefix with {@code from}. */
  private static int nearest(FileDependencies[] byPath, int from, int[] owners) {
    String p = byPath[from].path();
    int best = -1;
    int bestLength = -1;
    for (int o : owners) { // owners are in path order: the first of equal prefixes is the smallest path
      if (o == from) {
        return from;
      }
      int common = commonFolderPrefix(p, byPath[o].path());
      if (common > bestLength) {
        best = o;
        bestLength = common;
      }
    }
    return best;
  }

  private static int commonFolderPrefix(String a, String b) {
    int limit = Math.min(a.length(), b.length());
    int lastSlash = 0;
    for (int i = 0; i < limit && a.charAt(i) == b.charAt(i); i++) {
      if (a.charAt(i) == '/') {
        lastSlash = i + 1;
      }
    }
    return lastSlash;
  }

  /**
   * A component's files in DeepSeek-Coder's order: repeatedly the file with the fewest dependencies
   * inside the component not yet placed, the smallest path (index) among equals.
   */
  private static int[] breakCycle(int[] component, int[][] deps) {
    if (component.length == 1) {
      return component;
    }
    Map<Integer, Integer> left = new HashMap<>(); // file -> its dependencies in the component not placed
    Map<Integer, List<Integer>> dependents = new HashMap<>();
    for (int c : component) {
      left.put(c, 0);
      dependents.put(c, new ArrayList<>());
    }
    for (int c : component) {
      for (int d : deps[c]) {
        if (left.containsKey(d)) {
          left.merge(c, 1, Integer::sum);
          dependents.get(d).add(c);
        }
      }
    }
    // (left, index) packed in a long so that the set orders by fewest left, then path
    TreeSet<Long> queue = new TreeSet<>();
    for (int c : component) {
      queue.add(key(left.get(c), c));
    }
    int[] out = new int[component.length];
    for (int k = 0; k < out.length; k++) {
      long first = queue.pollFirst();
      int c = (int) first;
      out[k] = c;
      left.remove(c);
      for (int d : dependents.get(c)) {
        Integer l = left.get(d);
        if (l != null) {
          queue.remove(key(l, d));
          left.put(d, l - 1);
          queue.add(key(l - 1, d));
        }
      }
    }
    return out;
  }

  private static long key(int left, int index) {
    return ((long) left << 32) | index;
  }

  /** Tarjan's algorithm without recursion (a 15k-file chain would overflow the stack). */
  private static final class Tarjan {
    private final int[][] deps;
    private final boolean[] include;
    private final int[] index;
    private final int[] low;
    private final boolean[] onStack;
    private final int[] stack;
    private int stackSize;
    private int counter;

    Tarjan(int[][] deps, boolean[] include) {
      this.deps = deps;
      this.include = include;
      int n = deps.length;
      index = new int[n];
      Arrays.fill(index, -1);
      low = new int[n];
      onStack = new boolean[n];
      stack = new int[n];
    }

    void run(java.util.function.Consumer<int[]> emit) {
      int n = deps.length;
      int[] callNode = new int[n];
      int[] callEdge = new int[n];
      for (int root = 0; root < n; root++) {
        if (!include[root] || index[root] >= 0) {
          continue;
        }
        int depth = 0;
        callNode[0] = root;
        callEdge[0] = 0;
        visit(root);
        while (depth >= 0) {
          int v = callNode[depth];
          if (callEdge[depth] < deps[v].length) {
            int w = deps[v][callEdge[depth]++];
            if (index[w] < 0) {
              visit(w);
              depth++;
              callNode[depth] = w;
              callEdge[depth] = 0;
            } else if (onStack[w]) {
              low[v] = Math.min(low[v], index[w]);
            }
            continue;
          }
          if (low[v] == index[v]) {
            int size = 0;
            while (stack[stackSize - 1 - size] != v) {
              size++;
            }
            size++;
            int[] component = Arrays.copyOfRange(stack, stackSize - size, stackSize);
            stackSize -= size;
            for (int c : component) {
              onStack[c] = false;
            }
            Arrays.sort(component);
            emit.accept(component);
          }
          depth--;
          if (depth >= 0) {
            int parent = callNode[depth];
            low[parent] = Math.min(low[parent], low[v]);
          }
        }
      }
    }

    private void visit(int v) {
      index[v] = counter;
      low[v] = counter;
      counter++;
      stack[stackSize++] = v;
      onStack[v] = true;
    }
  }
}

package dev.repotune.pipeline.cli;

import dev.repotune.pipeline.DatasetStore;
import dev.repotune.samples.Inspection;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.eval.DatasetPage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/**
 * {@code repotune inspect <out>}: what a person wants to see before training on a dataset, one section per
 * {@link OutputKind} (its {@link OutputKind#inspect} view): how many rows of each split, task and
 * language, how long they are, what was left out and why, and a few real rows of each task (chosen by a
 * seed, so two people looking see the same rows); FIM examples per middle kind and mode, each sample with
 * its middle marked ⟦like this⟧ between the end of its prefix and the start of its suffix.
 */
@Command(name = "inspect", description = "Counts, token histograms, rejection reasons and sample rows of a dataset folder.", mixinStandardHelpOptions = true)
public final class InspectCommand extends BaseCommand {
  @Mixin DatasetMixin dataset = new DatasetMixin();

  @Option(names = "--rows", description = "Sample rows shown per task kind, per FIM middle kind, and of repository documents (default: ${DEFAULT-VALUE}).", defaultValue = "2")
  int rows;

  @Option(names = "--seed", description = "Seed for choosing the sample rows (default: ${DEFAULT-VALUE}).", defaultValue = "0")
  long seed;

  @Option(names = "--html", paramLabel = "FILE", description = "Also write the same as one self-contained HTML page (outside the dataset folder).")
  Path html;

  @Override
  protected int doCall() throws Exception {
    if (rows < 0) {
      throw new ExitException(ExitCodes.USAGE, "--rows must be 0 or more, got " + rows);
    }
    try (DatasetDownload copy = dataset.open()) {
      DatasetFiles data = DatasetFiles.open(copy.dir());
      PrintWriter out = out();
      Folder folder = new Folder(data, out, rows, seed);
      out.printf("%s: %s @ %s%n", dataset.location, data.manifest.path("repo").asText(), data.manifest.path("commit").asText());
      for (OutputKind<?> kind : OutputKind.values()) {
        show(kind, folder);
      }
      if (html != null) {
        writeHtml(copy.dir(), data, folder);
      }
      return ExitCodes.OK;
    }
  }

  /**
   * The page of {@link DatasetPage}; never inside the dataset, where {@code validate} would find a file
   * its manifest does not list.
   */
  private void writeHtml(Path dir, DatasetFiles data, Folder folder) throws IOException {
    Path file = html.toAbsolutePath().normalize();
    if (file.startsWith(dir.toAbsolutePath().normalize()) || file.startsWith(dir.toRealPath())) {
      throw new ExitException(ExitCodes.BAD_INPUT, "--html " + html + " lies inside the dataset " + dataset.location
          + " (validate would find a file its manifest does not list); write it elsewhere");
    }
    if (Files.isDirectory(file)) {
      throw new ExitException(ExitCodes.BAD_INPUT, "--html " + html + " is a folder; name the file to write");
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    String name = DatasetStore.isRemote(dataset.location)
        ? dataset.location.replaceAll("/+$", "").replaceAll(".*/", "")
        : dir.toAbsolutePath().normalize().getFileName().toString();
    DatasetPage.Data d = new DatasetPage.Data(name, data.manifest, folder.rows(OutputKind.SFT),
        folder.rows(OutputKind.HISTORY), folder.rows(OutputKind.FIM), folder.rows(OutputKind.CPT));
    Files.writeString(file, DatasetPage.html(d, rows, seed), StandardCharsets.UTF_8);
    err().printf("repotune: wrote %s%n", file);
  }

  private static <T> void show(OutputKind<T> kind, Folder folder) {
    kind.inspect(folder.rows(kind), folder);
  }

  /** The folder's rows, each kind read once, when a view first asks for it. */
  private static final class Folder implements Inspection {
    private final DatasetFiles data;
    private final PrintWriter out;
    private final int rowsPerTask;
    private final long seed;
    private final Map<OutputKind<?>, List<?>> read = new HashMap<>();

    Folder(DatasetFiles data, PrintWriter out, int rowsPerTask, long seed) {
      this.data = data;
      this.out = out;
      this.rowsPerTask = rowsPerTask;
      this.seed = seed;
    }

    @Override
    public PrintWriter out() {
      return out;
    }

    @Override
    public int rowsPerTask() {
      return rowsPerTask;
    }

    @Override
    public long seed() {
      return seed;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <U> List<U> rows(OutputKind<U> kind) {
      return (List<U>) read.computeIfAbsent(kind, k -> readAll(kind));
    }

    private <U> List<U> readAll(OutputKind<U> kind) {
      List<U> rows = new ArrayList<>();
      if (kind.source() != null) {
        return rows; // a derived kind holds its source's rows again
      }
      try {
        for (String f : data.list(kind.folder(), ".jsonl")) {
          data.lines(f).forEach(l -> rows.add(kind.codec().read(l)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return rows;
    }
  }
}

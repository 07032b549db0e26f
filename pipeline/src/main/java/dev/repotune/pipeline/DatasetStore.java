package dev.repotune.pipeline;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * The files of a dataset being written, by their path relative to its root ({@code sft/train-….jsonl}),
 * through Beam's {@link FileSystems}: the same calls finish a local folder and an {@code s3://}, {@code
 * gs://} or {@code hdfs://} prefix, where the workers wrote the shards. Object stores have no folders, so a
 * folder here is only a prefix of names.
 */
public final class DatasetStore {
  /** One file: its path relative to the root and its size. */
  public record Entry(String path, long bytes) {}

  private final String root;

  /** The store at {@code root}, a local path or a URL FileSystems knows (its scheme registered by the options). */
  public DatasetStore(String root) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public String root() {
    return root;
  }

  /** Whether {@code location} names an object store or another non-local file system ({@code s3://b/x}). */
  public static boolean isRemote(String location) {
    return location != null && location.matches("[A-Za-z][A-Za-z0-9+.-]*://.*") && !location.startsWith("file://");
  }

  /** The resource of a relative path ({@code ""}: the root itself). */
  public ResourceId resource(String relative) {
    return FileSystems.matchNewResource(relative.isEmpty() ? root : root + "/" + relative, false);
  }

  /** Every file under {@code folder} ({@code ""}: the whole store), sorted by path. */
  public List<Entry> list(String folder) throws IOException {
    String prefix = folder.isEmpty() ? root + "/" : root + "/" + folder + "/";
    MatchResult m = FileSystems.match(prefix + "**", EmptyMatchTreatment.ALLOW);
    if (m.status() == MatchResult.Status.NOT_FOUND) {
      return List.of();
    }
    TreeMap<String, Long> found = new TreeMap<>();
    for (MatchResult.Metadata md : m.metadata()) {
      String full = md.resourceId().toString();
      int at = full.indexOf(prefix);
      if (at < 0 || md.resourceId().isDirectory()) {
        continue;
      }
      String rel = full.substring(at + prefix.length());
      if (!rel.isEmpty() && !rel.endsWith("/")) {
        found.put((folder.isEmpty() ? "" : folder + "/") + rel, md.sizeBytes());
      }
    }
    List<Entry> out = new ArrayList<>();
    found.forEach((p, n) -> out.add(new Entry(p, n)));
    return out;
  }

  /** Whether the file exists. */
  public boolean exists(String relative) throws IOException {
    MatchResult m = FileSystems.match(root + "/" + relative, EmptyMatchTreatment.ALLOW);
    return m.status() == MatchResult.Status.OK && !m.metadata().isEmpty();
  }

  public byte[] read(String relative) throws IOException {
    try (InputStream in = open(relative)) {
      return in.readAllBytes();
    }
  }

  public InputStream open(String relative) throws IOException {
    try {
      return Channels.newInputStream(FileSystems.open(resource(relative)));
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(root + "/" + relative);
    }
  }

  public OutputStream create(String relative) throws IOException {
    return Channels.newOutputStream(FileSystems.create(resource(relative), MimeTypes.BINARY));
  }

  public void write(String relative, byte[] bytes) throws IOException {
    try (OutputStream out = create(relative)) {
      out.write(bytes);
    }
  }

  /** Deletes the files, those already gone included. */
  public void delete(List<String> relative) throws IOException {
    if (relative.isEmpty()) {
      return;
    }
    List<ResourceId> ids = new ArrayList<>();
    relative.forEach(r -> ids.add(resource(r)));
    FileSystems.delete(ids, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  /** Deletes every file under {@code folder}. */
  public void deleteFolder(String folder) throws IOException {
    delete(list(folder).stream().map(Entry::path).toList());
  }
}

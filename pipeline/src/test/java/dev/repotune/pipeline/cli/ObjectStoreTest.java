package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.DatasetFolder;
import dev.repotune.pipeline.DatasetStore;
import dev.repotune.pipeline.FixtureRepo;
import dev.repotune.pipeline.ObjectStores;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --out s3://…} against a real S3-compatible server (S3Proxy on a filesystem backend), written
 * and read through Beam's own S3 client: the dataset is the same bytes as a local one, a run cut short
 * before its manifest leaves nothing that reads as finished, and the rerun clears what it left.
 */
class ObjectStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "repotune-test-key";
  private static final String SECRET = "repotune-test-secret-0123456789";

  @TempDir static Path tmp;
  static S3Proxy proxy;
  static BlobStoreContext blobs;
  static Path repo;
  static List<String> s3Args;

  @BeforeAll
  static void start() throws Exception {
    Path base = tmp.resolve("s3");
    Files.createDirectories(base);
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", base.toString());
    blobs = ContextBuilder.newBuilder("filesystem").overrides(p).build(BlobStoreContext.class);
    blobs.getBlobStore().createContainerInLocation(null, "bucket");
    proxy = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET)
        // Beam's client sends x-amz-server-side-encryption-bucket-key-enabled on every put, which S3Proxy
        // 2.6 does not know (AWS, MinIO and GCS's S3 API accept it); its own switch lets it by
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    for (int i = 0; i < 200 && !proxy.getState().equals("STARTED"); i++) {
      Thread.sleep(25);
    }
    s3Args = List.of("--", "--awsRegion=us-east-1", "--endpoint=http://127.0.0.1:" + proxy.getPort(),
        "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"" + KEY
            + "\",\"secretAccessKey\":\"" + SECRET + "\"}");
    repo = tmp.resolve("acme");
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.stop();
    blobs.close();
  }

  private static CliRun generate(String out, String... more) {
    return generateWithCache(out, tmp.resolve("cache").toString(), more);
  }

  private static CliRun generateWithCache(String out, String cache, String... more) {
    List<String> args = new ArrayList<>(List.of("generate", repo.toString(), "--out", out, "--cache-dir", cache));
    args.addAll(List.of(more));
    args.addAll(s3Args);
    return CliRun.of(args.toArray(String[]::new));
  }

  /** The client a reader of the bucket uses: Beam's S3 file system with the same options. */
  private static DatasetStore store(String root) {
    S3Options o = PipelineOptionsFactory.fromArgs(s3Args.subList(1, s3Args.size()).toArray(String[]::new)).as(S3Options.class);
    ObjectStores.configure(o, s3Args);
    FileSystems.setDefaultPipelineOptions(o);
    return new DatasetStore(root);
  }

  private static TreeMap<String, byte[]> localFiles(Path dir) throws Exception {
    TreeMap<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
    }
    return out;
  }

  @Test
  void givenAnS3Out_thenTheDatasetIsInTheBucketWithTheSameShardsAsALocalRunAndAManifestOfItsChecksums()
      throws Exception {
    CliRun local = CliRun.of("generate", repo.toString(), "--out", tmp.resolve("local").toString(), "--cache-dir",
        tmp.resolve("cache").toString());
    assertEquals(0, local.code(), local.err());
    CliRun r = generate("s3://bucket/datasets/acme");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Dataset: s3://bucket/datasets/acme"), r.out());

    DatasetStore s = store("s3://bucket/datasets/acme");
    TreeMap<String, byte[]> expected = localFiles(tmp.resolve("local"));
    Set<String> names = new TreeSet<>();
    s.list("").forEach(e -> names.add(e.path()));
    assertEquals(expected.keySet(), names, "the same files as the local dataset, and nothing of the run's own");
    for (String f : names) {
      if (!f.equals("manifest.json")) {
        assertArrayEquals(expected.get(f), s.read(f), f);
      }
    }
    JsonNode m = JSON.readTree(s.read("manifest.json"));
    JsonNode sums = m.get("checksums");
    assertEquals(names.size() - 1, sums.size(), sums.toString());
    for (String f : names) {
      if (!f.equals("manifest.json")) {
        byte[] bytes = s.read(f);
        assertEquals(bytes.length, sums.path(f).path("bytes").asLong(), f);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
            sums.path(f).path("sha256").asText(), f);
      }
    }
    assertFalse(m.toString().contains(SECRET), "no credential in the manifest");
    assertFalse(r.err().contains(SECRET) || r.out().contains(SECRET), "no credential in what the run printed");
  }

  @Test
  void givenARunCutShortBeforeItsManifest_thenNothingLooksFinishedAndTheRerunClearsWhatItLeft() throws Exception {
    String out = "s3://bucket/datasets/cut";
    System.setProperty(DatasetFolder.SIMULATE_WRITE_ERROR, "No space left on device");
    CliRun cut;
    try {
      cut = generate(out);
    } finally {
      System.clearProperty(DatasetFolder.SIMULATE_WRITE_ERROR);
    }
    assertTrue(cut.code() != 0, cut.err());
    DatasetStore s = store(out);
    Set<String> left = new TreeSet<>();
    s.list("").forEach(e -> left.add(e.path()));
    assertTrue(left.size() > 2, "the cut run left its shards: " + left);
    assertFalse(left.contains("manifest.json"), "no manifest: not a finished dataset " + left);
    assertTrue(left.contains(".repotune-work"), left.toString());
    List<String> validate = new ArrayList<>(List.of("validate", out));
    validate.addAll(s3Args);
    CliRun unfinished = CliRun.of(validate.toArray(String[]::new));
    assertEquals(ExitCodes.BAD_INPUT, unfinished.code(), unfinished.err());
    assertEquals("repotune: " + out + " has no manifest.json: it is not a finished dataset (the run did not complete);"
        + " run generate again", unfinished.err().strip());

    CliRun again = generate(out);
    assertEquals(0, again.code(), again.err());
    Set<String> names = new TreeSet<>();
    store(out).list("").forEach(e -> names.add(e.path()));
    JsonNode m = JSON.readTree(store(out).read("manifest.json"));
    Set<String> listed = new TreeSet<>(List.of("manifest.json", "README.md", "dataset_info.json"));
    m.get("files").forEach(kind -> kind.forEach(f -> listed.add(f.asText())));
    assertEquals(listed, names, "exactly the manifest's files: the cut run's leftovers are gone");
  }

  /** The caches in the bucket: a miss is S3's NoSuchKey, not a missing file, and a rerun reads what the first wrote. */
  @Test
  void givenAnS3CacheDir_thenTheCachesLiveInTheBucketAndARerunReusesThem() throws Exception {
    CliRun first = generateWithCache("s3://bucket/datasets/cached", "s3://bucket/cache", "--verbose");
    assertEquals(0, first.code(), first.err());
    assertTrue(first.err().contains(", 0 reused from the extraction cache"), first.err());
    assertFalse(store("s3://bucket/cache").list("extract").isEmpty(), "extraction cache entries in the bucket");
    CliRun again = generateWithCache("s3://bucket/datasets/cached-again", "s3://bucket/cache", "--verbose");
    assertEquals(0, again.code(), again.err());
    assertFalse(again.err().contains(", 0 reused from the extraction cache"), again.err());
    DatasetStore a = store("s3://bucket/datasets/cached");
    DatasetStore b = store("s3://bucket/datasets/cached-again");
    for (DatasetStore.Entry e : a.list("sft")) {
      assertArrayEquals(a.read(e.path()), b.read(e.path()), e.path());
    }
  }

  /** validate and inspect read a dataset in the bucket as they read a folder, and leave no copy behind. */
  @Test
  void givenADatasetInTheBucket_whenValidatedAndInspected_thenReadFromTheBucketAndNoCopyIsLeft() throws Exception {
    String out = "s3://bucket/datasets/checked";
    assertEquals(0, generate(out).code());
    Set<String> copiesBefore = temporaryCopies();
    List<String> validate = new ArrayList<>(List.of("validate", out));
    validate.addAll(s3Args);
    CliRun valid = CliRun.of(validate.toArray(String[]::new));
    assertEquals(0, valid.code(), valid.err());
    assertTrue(valid.out().startsWith(out + ": valid ("), valid.out());
    List<String> inspect = new ArrayList<>(List.of("inspect", out, "--rows", "1"));
    inspect.addAll(s3Args);
    CliRun shown = CliRun.of(inspect.toArray(String[]::new));
    assertEquals(0, shown.code(), shown.err());
    assertTrue(shown.out().startsWith(out + ": "), shown.out());
    assertTrue(shown.out().contains("sft"), shown.out());

    DatasetStore s = store(out);
    String shard = s.list("sft").get(0).path();
    s.delete(List.of(shard));
    CliRun broken = CliRun.of(validate.toArray(String[]::new));
    assertEquals(ExitCodes.RUN_FAILED, broken.code(), broken.out());
    assertTrue(broken.out().contains(shard + ": listed in manifest.json but missing"), broken.out());
    assertFalse(valid.err().contains(SECRET) || broken.out().contains(SECRET), "no credential printed");
    assertEquals(copiesBefore, temporaryCopies(), "each command deleted its copy of the dataset");
  }

  private static Set<String> temporaryCopies() throws Exception {
    try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("repotune-dataset-")).toList());
    }
  }

  @Test
  void givenAPrefixHoldingSomeoneElsesObjects_thenRefusedAndNothingDeleted() throws Exception {
    DatasetStore s = store("s3://bucket/theirs");
    s.write("notes/plan.txt", "keep me".getBytes());
    CliRun r = generate("s3://bucket/theirs");
    assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
    assertTrue(r.err().contains("holds something other than a repotune dataset (it has no manifest.json)"), r.err());
    assertArrayEquals("keep me".getBytes(), store("s3://bucket/theirs").read("notes/plan.txt"));
  }
}

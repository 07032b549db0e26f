package dev.repotune.pipeline;

import java.util.List;
import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import org.apache.beam.sdk.options.PipelineOptions;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * What {@code s3://} needs beyond Beam's own options (given after {@code --}: {@code --awsRegion},
 * {@code --endpoint}, {@code --awsCredentialsProvider}). An S3-compatible server named by {@code
 * --endpoint} (MinIO, Ceph, S3Proxy, a cloud's S3 API) is addressed path-style ({@code
 * http://host:port/bucket/key}): its buckets have no DNS names of their own, which the SDK's default
 * virtual-host style ({@code bucket.host}) needs.
 */
public final class ObjectStores {
  private ObjectStores() {}

  /** Path-style S3 clients, otherwise Beam's default builder. */
  public static final class PathStyleS3ClientBuilderFactory implements S3ClientBuilderFactory {
    @Override
    public S3ClientBuilder createBuilder(S3Options options) {
      return new DefaultS3ClientBuilderFactory().createBuilder(options).forcePathStyle(true);
    }
  }

  /** Path-style access when {@code --endpoint} is given and {@code --s3ClientFactoryClass} is not. */
  public static void configure(PipelineOptions o, List<String> beamArgs) {
    boolean endpoint = beamArgs.stream().anyMatch(a -> a.startsWith("--endpoint="));
    boolean factory = beamArgs.stream().anyMatch(a -> a.startsWith("--s3ClientFactoryClass="));
    if (endpoint && !factory) {
      o.as(S3Options.class).setS3ClientFactoryClass(PathStyleS3ClientBuilderFactory.class);
    }
  }
}

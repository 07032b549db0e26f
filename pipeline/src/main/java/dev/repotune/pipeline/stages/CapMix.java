package dev.repotune.pipeline.stages;

import dev.repotune.samples.Rejected;
import dev.repotune.samples.quality.MixCap;
import java.util.Map;
import java.util.HashMap;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Stage 19: no task kind above its share of the SFT rows ({@code --mix}, {@link MixCap}). It needs every
 * kind's total after the filters and dedup, so it runs on dedup's decisions, which carry the rows dedup
 * kept ({@link Deduplicate.Decisions#kept}): the rows over a cap join the decisions, and the merge of
 * {@link WriteShards} writes them to {@code rejected/} ({@code mix_cap}, with the kind's count and share)
 * instead of a shard. Which rows go is a function of the rows' ids, so a rerun drops the same ones.
 */
public final class CapMix extends PTransform<PCollection<Deduplicate.Decisions>, PCollectionView<Deduplicate.Decisions>> {
  static final String STAGE = "CapMix";

  private final MixCap mix;

  private CapMix(MixCap mix) {
    this.mix = mix;
  }

  public static CapMix of(MixCap mix) {
    return new CapMix(mix);
  }

  @Override
  public PCollectionView<Deduplicate.Decisions> expand(PCollection<Deduplicate.Decisions> decisions) {
    return Deduplicate.asView(
        decisions
            .apply("CapKinds", ParDo.of(new CapFn(mix)))
            .setCoder(SerializableCoder.of(Deduplicate.Decisions.class)));
  }

  /** A row over its kind's cap, for {@code rejected/}; counts it into and not out of this stage. */
  static Rejected rejected(String detail, String line, Map<String, Long> sums) {
    sums.merge("stages.Deduplicate.out", 1L, Long::sum);
    sums.merge("stages." + STAGE + ".in", 1L, Long::sum);
    return new Rejected(STAGE, MixCap.REASON, detail, line);
  }

  /** Counts a row that dedup and the cap both kept. */
  static void kept(Map<String, Long> sums) {
    sums.merge("stages." + STAGE + ".in", 1L, Long::sum);
    sums.merge("stages." + STAGE + ".out", 1L, Long::sum);
  }

  private static final class CapFn extends DoFn<Deduplicate.Decisions, Deduplicate.Decisions> {
    private final MixCap mix;

    CapFn(MixCap mix) {
      this.mix = mix;
    }

    @ProcessElement
    public void process(@Element Deduplicate.Decisions d, OutputReceiver<Deduplicate.Decisions> out) {
      HashMap<String, String> capped = d.kept() == null ? new HashMap<>() : new HashMap<>(mix.drops(d.kept()));
      out.output(new Deduplicate.Decisions(d.drops(), capped, null));
    }
  }
}

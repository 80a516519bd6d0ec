package dev.sdwebui.sampling.denoise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.sampling.TinyAlphas;
import dev.sdwebui.sampling.sampler.EulerSampler;
import dev.sdwebui.sampling.sampler.SamplerContext;
import dev.sdwebui.sampling.schedule.DiscreteSchedule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CFG on a fake inner model whose output row is x + level + mean(context row), so each row's result
 * tells which conditioning it saw: cond rows are filled with c_j, uncond rows with u, and
 * {@code uncond + sum w_j cfg (cond_j - uncond)} = x + level + u + sum w_j cfg (c_j - u).
 */
class CfgDenoiserTest {

    private static NDManager m;
    private final List<Integer> batchSizes = new ArrayList<>();
    private final ConditionedModel fake = (x, level, ctx) -> {
        batchSizes.add((int) x.getShape().get(0));
        NDArray lv = x.getManager().create(level).reshape(level.length, 1, 1, 1);
        NDArray c = ctx.reshape(level.length, -1).mean(new int[] {1}).reshape(level.length, 1, 1, 1);
        return x.add(lv).add(c);
    };

    @BeforeAll
    static void open() {
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    private static NDArray rows(int tokens, float... values) {
        NDArray[] parts = new NDArray[values.length];
        for (int i = 0; i < values.length; i++) {
            parts[i] = m.full(new Shape(1, tokens, 8), values[i]);
        }
        return ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts));
    }

    private CfgDenoiser cfg(MultiCond cond, NDArray uncond, CfgOptions o, CancellationToken t) {
        return new CfgDenoiser(fake, cond, ConditioningSchedule.fixed(uncond), o, NanCheck.a1111(true), t);
    }

    @Test
    void combinesAndPromptsPerImageInOneBatch() {
        // image 0: rows 0,1 (weights 0.5, 1.5); image 1: row 2 (weight 1); uncond 0.25 and 0.75
        MultiCond cond = new MultiCond(ConditioningSchedule.fixed(rows(77, 1, 2, 3)), List.of(
                List.of(new WeightedCond(0, 0.5), new WeightedCond(1, 1.5)), List.of(new WeightedCond(2, 1.0))));
        CfgDenoiser d = cfg(cond, rows(77, 0.25f, 0.75f), CfgOptions.of(7, 10), new CancellationToken());
        NDArray x = m.zeros(new Shape(2, 4, 2, 2));
        float[] out = d.denoise(x, 3.0).toFloatArray();
        double img0 = 3 + 0.25 + 0.5 * 7 * (1 - 0.25) + 1.5 * 7 * (2 - 0.25);
        double img1 = 3 + 0.75 + 7 * (3 - 0.75);
        assertThat(out[0]).isCloseTo((float) img0, within(1e-4f));
        assertThat(out[16]).isCloseTo((float) img1, within(1e-4f));
        assertThat(batchSizes).containsExactly(5);
        assertThat(d.modelCalls()).isEqualTo(1);
        assertThat(d.step()).isEqualTo(1);
    }

    @Test
    void separateChunksWithoutBatchCondUncond() {
        MultiCond cond = MultiCond.simple(ConditioningSchedule.fixed(rows(77, 1)), 1);
        CfgOptions o = new CfgOptions(5, 0, false, 0, false, CondPadding.NONE, null, 10);
        CfgDenoiser d = cfg(cond, rows(77, 0), o, new CancellationToken());
        float v = d.denoise(m.zeros(new Shape(1, 4, 2, 2)), 1.0).toFloatArray()[0];
        assertThat(v).isCloseTo(1 + 0 + 5 * 1f, within(1e-5f));
        assertThat(batchSizes).containsExactly(1, 1);
    }

    @Test
    void differentTokenLengthsPadOrSplit() {
        MultiCond cond = MultiCond.simple(ConditioningSchedule.fixed(rows(154, 1)), 1);
        NDArray x = m.zeros(new Shape(1, 4, 2, 2));
        // no padding: cond and uncond in separate calls
        CfgDenoiser split = cfg(cond, rows(77, 0), CfgOptions.of(2, 10), new CancellationToken());
        assertThat(split.denoise(x, 1.0).toFloatArray()[0]).isCloseTo(1 + 2 * 1f, within(1e-5f));
        assertThat(batchSizes).containsExactly(1, 1);
        assertThat(split.paddedCondUncond()).isFalse();
        batchSizes.clear();
        // pad_cond_uncond: uncond gets one 77-token chunk of the empty prompt (value 0.5): mean (0 + 0.5)/2
        CfgOptions pad = new CfgOptions(2, 0, false, 0, true, CondPadding.EMPTY_PROMPT, rows(77, 0.5f), 10);
        CfgDenoiser padded = cfg(cond, rows(77, 0), pad, new CancellationToken());
        assertThat(padded.denoise(x, 1.0).toFloatArray()[0]).isCloseTo(1 + 0.25f + 2 * (1 - 0.25f), within(1e-5f));
        assertThat(batchSizes).containsExactly(2);
        assertThat(padded.paddedCondUncond()).isTrue();
        // v0: repeat uncond's last vector, so its mean stays 0
        CfgOptions v0 = new CfgOptions(2, 0, false, 0, true, CondPadding.LAST_VECTOR_V0, null, 10);
        assertThat(cfg(cond, rows(77, 0), v0, new CancellationToken()).denoise(x, 1.0).toFloatArray()[0])
                .isCloseTo(1 + 2 * 1f, within(1e-5f));
    }

    @Test
    void ngmsSkipsUncondOnOddStepsBelowThreshold() {
        MultiCond cond = MultiCond.simple(ConditioningSchedule.fixed(rows(77, 1)), 1);
        CfgOptions o = new CfgOptions(7, 2.0, false, 0, true, CondPadding.NONE, null, 10);
        CfgDenoiser d = cfg(cond, rows(77, 0), o, new CancellationToken());
        NDArray x = m.zeros(new Shape(1, 4, 2, 2));
        d.denoise(x, 1.0); // step 0: even, full CFG
        float skipped = d.denoise(x, 1.0).toFloatArray()[0]; // step 1: odd and sigma < 2 -> cond only
        assertThat(skipped).isCloseTo(1 + 1f, within(1e-5f));
        assertThat(batchSizes).containsExactly(2, 1);
    }

    @Test
    void conditioningFollowsTheStep() {
        NDArray early = rows(77, 1);
        NDArray late = rows(77, 3);
        MultiCond cond = MultiCond.simple(step -> step < 1 ? early : late, 1);
        CfgDenoiser d = cfg(cond, rows(77, 0), CfgOptions.of(1, 10), new CancellationToken());
        NDArray x = m.zeros(new Shape(1, 4, 2, 2));
        assertThat(d.denoise(x, 0).toFloatArray()[0]).isCloseTo(1f, within(1e-6f));
        assertThat(d.denoise(x, 0).toFloatArray()[0]).isCloseTo(3f, within(1e-6f));
    }

    /** Inpainting: where mask = 1 the output is the original latent, elsewhere the guided result. */
    @Test
    void inpaintMaskBlendsAfterCfg() {
        MultiCond cond = MultiCond.simple(ConditioningSchedule.fixed(rows(77, 1)), 1);
        CfgDenoiser d = cfg(cond, rows(77, 0), CfgOptions.of(2, 10), new CancellationToken());
        NDArray init = m.full(new Shape(1, 4, 2, 2), 9f);
        NDArray mask = m.create(new float[] {1, 0, 0, 1}, new Shape(1, 1, 2, 2));
        d.setInpaintMask(init, mask, false);
        float[] out = d.denoise(m.zeros(new Shape(1, 4, 2, 2)), 1.0).toFloatArray();
        assertThat(out[0]).isEqualTo(9f);
        assertThat(out[1]).isCloseTo(1 + 2 * 1f, within(1e-5f));
        assertThat(out[3]).isEqualTo(9f);
        // the plain adapter: one context, no guidance
        assertThat(fake.withContext(rows(77, 1)).denoise(m.zeros(new Shape(1, 4, 2, 2)), 2.0).toFloatArray()[0])
                .isCloseTo(3f, within(1e-6f));
    }

    @Test
    void nanCheckUsesA1111Message() {
        ConditionedModel nan = (x, level, ctx) -> x.mul(Float.NaN);
        CfgDenoiser d = new CfgDenoiser(nan, MultiCond.simple(ConditioningSchedule.fixed(rows(77, 1)), 1),
                ConditioningSchedule.fixed(rows(77, 0)), CfgOptions.of(7, 10), NanCheck.a1111(false), new CancellationToken());
        assertThatThrownBy(() -> d.denoise(m.zeros(new Shape(1, 4, 2, 2)), 1.0)).isInstanceOf(NansException.class)
                .hasMessageStartingWith("A tensor with all NaNs was produced in Unet.")
                .hasMessageContaining("--no-half").hasMessageEndingWith("Use --disable-nan-check commandline argument to disable this check.");
    }

    @Test
    void interruptReturnsTheLastDenoised() {
        CancellationToken token = new CancellationToken();
        MultiCond cond = MultiCond.simple(ConditioningSchedule.fixed(rows(77, 1)), 1);
        CfgDenoiser d = cfg(cond, rows(77, 0), CfgOptions.of(1, 10), token);
        SamplerContext ctx = SamplerContext.builder(m).cancel(token)
                .callback((step, total, sigma, x, den) -> {
                    if (step == 1) {
                        token.interrupt();
                    }
                }).build();
        NDArray out = new EulerSampler().sample(d, m.zeros(new Shape(1, 4, 2, 2)), new double[] {3, 2, 1, 0}, ctx);
        assertThat(d.step()).isEqualTo(2);
        assertThat(out.toFloatArray()).containsExactly(ctx.lastDenoised().values());
    }

    /**
     * DDIM CFG++ through the CFG denoiser: fake eps = mean(context) (cond 1, uncond 0), cfg 12.5 -> scale
     * 12.5/12.5 = 1, so guided eps = 1 and uncond eps = 0. One A1111 step from t=501 to t=1 on x = 1:
     * pred_x0 = (1 - sqrt(1-a_501)) / sqrt(a_501), x = sqrt(a_1) pred_x0 + sqrt(1-a_1) * 0.
     */
    @Test
    void ddimCfgPlusPlusUsesUncondDirection() {
        ConditionedModel epsFake = (x, level, ctx) ->
                x.zerosLike().add(ctx.reshape(level.length, -1).mean(new int[] {1}).reshape(level.length, 1, 1, 1));
        CfgDenoiser d = new CfgDenoiser(epsFake, MultiCond.simple(ConditioningSchedule.fixed(rows(77, 1)), 1),
                ConditioningSchedule.fixed(rows(77, 0)), CfgOptions.of(12.5, 1), NanCheck.disabled(), new CancellationToken());
        float[] ac = TinyAlphas.sd1Formula();
        NDArray out = new dev.sdwebui.sampling.SamplerCatalog().require("DDIM CFG++").newTimestepSampler()
                .sample(d, m.ones(new Shape(1, 4, 2, 2)), new int[] {1, 501}, ac, SamplerContext.builder(m).build());
        double predX0 = (1 - Math.sqrt(1 - ac[501])) / Math.sqrt(ac[501]);
        assertThat(out.toFloatArray()[0]).isCloseTo((float) (Math.sqrt(ac[1]) * predX0), within(1e-5f));
        assertThat(d.lastUncond()).containsOnly(0f);
    }

    @Test
    void compVisWrappersScaleInputAndOutput() {
        DiscreteSchedule schedule = new DiscreteSchedule(TinyAlphas.sd1Formula());
        double sigma = schedule.sigmaMax();
        float[] seenT = new float[1];
        float[] seenX = new float[1];
        NoisePredictor unit = (x, t, ctx) -> {
            seenT[0] = t.toFloatArray()[0];
            seenX[0] = x.toFloatArray()[0];
            return x.onesLike();
        };
        NDArray x = m.full(new Shape(1, 4, 2, 2), 2f);
        NDArray ctx = rows(77, 0);
        float eps = new CompVisDenoiser(unit, schedule, false).apply(x, new float[] {(float) sigma}, ctx).toFloatArray()[0];
        assertThat(seenT[0]).isEqualTo(999f);
        assertThat(seenX[0]).isCloseTo((float) (2 / Math.sqrt(sigma * sigma + 1)), within(1e-6f));
        assertThat(eps).isCloseTo((float) (2 - sigma), within(1e-5f));
        float v = new CompVisVDenoiser(unit, schedule, false).apply(x, new float[] {(float) sigma}, ctx).toFloatArray()[0];
        double s2 = sigma * sigma + 1;
        assertThat(v).isCloseTo((float) (2 / s2 - sigma / Math.sqrt(s2)), within(1e-5f));
        float epsFromV = new TimestepsDenoiser(unit, schedule.alphasCumprod(), true)
                .apply(x, new float[] {500}, ctx).toFloatArray()[0];
        double a = schedule.alphaCumprod(500);
        assertThat(epsFromV).isCloseTo((float) (Math.sqrt(a) + Math.sqrt(1 - a) * 2), within(1e-5f));
    }
}

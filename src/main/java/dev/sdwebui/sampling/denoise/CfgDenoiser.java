package dev.sdwebui.sampling.denoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;

/**
 * Classifier-free guidance over an inner {@link ConditionedModel}, A1111's {@code CFGDenoiser.forward}:
 * one batch {@code [cond rows of image 0.., cond rows of image B-1, uncond x B]} (or chunks of B when
 * {@code batch_cond_uncond} is off), then
 * {@code denoised_i = uncond_i + sum_j w_j * cfg * (cond_j - uncond_i)} over image i's AND sub-prompts.
 * With a k-diffusion inner model the combination happens on x0; with {@link TimestepsDenoiser} on eps
 * (A1111 {@code CFGDenoiserTimesteps}), which is the same affine map.
 *
 * <p>Not thread-safe; one per sampling run. {@link #step()} counts CFG calls (A1111 {@code self.step},
 * which indexes the conditioning schedules), {@link #modelCalls()} counts inner-model batches.
 */
public final class CfgDenoiser implements Denoiser, CfgPlusPlusModel {

    private ConditionedModel inner;
    private MultiCond cond;
    private ConditioningSchedule uncond;
    private final CfgOptions options;
    private final NanCheck nanCheck;
    private final CancellationToken cancel;
    private int step;
    private int modelCalls;
    private boolean padded;
    private double condScaleMultiplier = 1.0;
    private boolean recordUncond;
    private float[] lastUncond;
    private NDArray initLatent; // [B, 4, h, w] inpainting: original latent
    private NDArray mask;       // [B or 1, 1 or 4, h, w] 1 = keep the original
    private boolean maskBeforeDenoising;

    public CfgDenoiser(ConditionedModel inner, MultiCond cond, ConditioningSchedule uncond, CfgOptions options,
                       NanCheck nanCheck, CancellationToken cancel) {
        this.inner = inner;
        this.cond = cond;
        this.uncond = uncond;
        this.options = options;
        this.nanCheck = nanCheck;
        this.cancel = cancel;
    }

    /**
     * Inpainting blend (A1111 {@code apply_blend}): {@code x*(1-mask) + init*mask}, applied to the
     * CFG output (k-diffusion samplers) or to the input before denoising (timestep samplers, A1111
     * {@code mask_before_denoising}). The arrays stay owned by the caller.
     */
    public void setInpaintMask(NDArray initLatent, NDArray mask, boolean beforeDenoising) {
        this.initLatent = initLatent;
        this.mask = mask;
        this.maskBeforeDenoising = beforeDenoising;
    }

    /**
     * Continues with another model and its own conditioning from the next call on, keeping the call counter
     * (the SDXL refiner switch: Ref: A1111 sd_samplers_cfg_denoiser.py forward, apply_refiner then
     * update_inner_model and the refiner's conds). {@code cond} must have the same images and sub-prompts.
     */
    public void switchTo(ConditionedModel model, MultiCond newCond, ConditioningSchedule newUncond) {
        if (newCond.batchSize() != cond.batchSize() || newCond.rowCount() != cond.rowCount()) {
            throw new IllegalArgumentException("the switched-to conditioning must have the same rows");
        }
        this.inner = model;
        this.cond = newCond;
        this.uncond = newUncond;
    }

    /** CFG calls so far. */
    public int step() {
        return step;
    }

    /** Inner-model (UNet) batches so far. */
    public int modelCalls() {
        return modelCalls;
    }

    /** Whether cond/uncond were padded on the last call (infotext "Pad conds"). */
    public boolean paddedCondUncond() {
        return padded;
    }

    @Override
    public NDArray denoise(NDArray x, double sigma) {
        return forward(x, sigma);
    }

    @Override
    public NDArray eps(NDArray x, double timestep) {
        return forward(x, timestep);
    }

    @Override
    public void enableCfgPlusPlus(double multiplier) {
        this.condScaleMultiplier = multiplier;
        this.recordUncond = true;
    }

    @Override
    public float[] lastUncond() {
        return lastUncond == null ? null : lastUncond.clone();
    }

    /**
     * @param x     [B, 4, h, w]
     * @param level sigma (k-diffusion inner model) or timestep (timestep inner model)
     * @return [B, 4, h, w] guided output, attached to x's manager
     */
    public NDArray forward(NDArray x, double level) {
        if (cancel.isCancelled()) {
            throw new SamplingInterruptedException();
        }
        int b = cond.batchSize();
        if (x.getShape().get(0) != b) {
            throw new IllegalArgumentException("latent batch " + x.getShape().get(0) + " != conditioning batch " + b);
        }
        NDManager parent = x.getManager();
        try (NDManager s = parent.newSubManager()) {
            NDArray xs = own(x, s);
            if (mask != null && maskBeforeDenoising) {
                xs = blend(xs, s);
            }
            NDArray tensor = own(cond.rows().condAt(step), s);
            NDArray un = own(uncond.condAt(step), s);
            boolean skipUncond = skipUncond(level);
            NDArray xIn = batchInput(xs, b, !skipUncond);
            NDArray[] padded2 = pad(tensor, un, s);
            tensor = padded2[0];
            un = padded2[1];
            NDArray out = run(xIn, (float) level, tensor, un, b, skipUncond);
            if (skipUncond) {
                NDList withFake = new NDList(out);
                for (List<WeightedCond> image : cond.perImage()) {
                    withFake.add(slice(out, image.get(0).row(), 1));
                }
                out = NDArrays.concat(withFake);
            }
            nanCheck.check(out);
            if (recordUncond) {
                long rows = out.getShape().get(0);
                lastUncond = slice(out, rows - b, b).toFloatArray();
            }
            double scale = skipUncond ? 1.0 : options.cfgScale() * condScaleMultiplier;
            NDArray denoised = combine(out, b, scale);
            if (mask != null && !maskBeforeDenoising) {
                denoised = blend(denoised, s);
            }
            denoised.attach(parent);
            step++;
            return denoised;
        }
    }

    /** Ref: A1111 CFGDenoiser.apply_blend: current * nmask + init * mask. */
    private NDArray blend(NDArray current, NDManager s) {
        NDArray m = own(mask, s);
        NDArray keep = own(initLatent, s).mul(m);
        return m.neg().add(1f).mul(current).add(keep);
    }

    private boolean skipUncond(double level) {
        // A1111 skip_early_cond (0 = off): ignore the negative prompt for the first fraction of steps.
        if (options.skipEarlyCond() > 0 && (double) step / options.totalSteps() <= options.skipEarlyCond()) {
            return true;
        }
        return (step % 2 == 1 || options.sMinUncondAll()) && options.sMinUncond() > 0 && level < options.sMinUncond();
    }

    /** x rows repeated per sub-prompt of each image, then x again for the uncond half. */
    private NDArray batchInput(NDArray xs, int b, boolean withUncond) {
        NDList parts = new NDList();
        for (int i = 0; i < b; i++) {
            NDArray row = slice(xs, i, 1);
            for (int j = 0; j < cond.perImage().get(i).size(); j++) {
                parts.add(row);
            }
        }
        if (withUncond) {
            parts.add(xs);
        }
        return NDArrays.concat(parts);
    }

    private NDArray run(NDArray xIn, float level, NDArray tensor, NDArray un, int b, boolean skip) {
        int rows = (int) xIn.getShape().get(0);
        float[] levels = new float[rows];
        Arrays.fill(levels, level);
        if (tensor.getShape().get(1) == un.getShape().get(1) || skip) {
            NDArray condIn = skip ? tensor : NDArrays.concat(new NDList(tensor, un));
            if (options.batchCondUncond()) {
                return call(xIn, levels, condIn);
            }
            return inChunks(xIn, levels, condIn, b, rows);
        }
        // Different token lengths and no padding: cond rows in chunks, then uncond on its own.
        int condRows = (int) tensor.getShape().get(0);
        int chunk = options.batchCondUncond() ? 2 * b : b;
        NDList outs = new NDList();
        for (int a = 0; a < condRows; a += chunk) {
            int n = Math.min(chunk, condRows - a);
            outs.add(call(slice(xIn, a, n), Arrays.copyOfRange(levels, a, a + n), slice(tensor, a, n)));
        }
        int u = (int) un.getShape().get(0);
        outs.add(call(slice(xIn, rows - u, u), Arrays.copyOfRange(levels, rows - u, rows), un));
        return NDArrays.concat(outs);
    }

    private NDArray inChunks(NDArray xIn, float[] levels, NDArray condIn, int b, int rows) {
        NDList outs = new NDList();
        for (int a = 0; a < rows; a += b) {
            int n = Math.min(b, rows - a);
            outs.add(call(slice(xIn, a, n), Arrays.copyOfRange(levels, a, a + n), slice(condIn, a, n)));
        }
        return NDArrays.concat(outs);
    }

    private NDArray call(NDArray x, float[] levels, NDArray context) {
        modelCalls++;
        NDArray out = inner.apply(x, levels, context);
        out.attach(x.getManager());
        return out;
    }

    /** Ref: A1111 combine_denoised. out: [rows + B, 4, h, w], uncond in the last B rows. */
    private NDArray combine(NDArray out, int b, double scale) {
        int rows = (int) out.getShape().get(0);
        NDList images = new NDList();
        for (int i = 0; i < b; i++) {
            NDArray unc = slice(out, rows - b + i, 1);
            NDArray d = unc;
            for (WeightedCond wc : cond.perImage().get(i)) {
                d = d.add(slice(out, wc.row(), 1).sub(unc).mul((float) (wc.weight() * scale)));
            }
            images.add(d);
        }
        return NDArrays.concat(images);
    }

    private NDArray[] pad(NDArray tensor, NDArray un, NDManager s) {
        padded = false;
        long tc = tensor.getShape().get(1);
        long tu = un.getShape().get(1);
        if (tc == tu || options.padding() == CondPadding.NONE) {
            return new NDArray[] {tensor, un};
        }
        padded = true;
        if (options.padding() == CondPadding.LAST_VECTOR_V0) {
            if (tu < tc) {
                NDArray last = un.get(":, -1:, :");
                NDList parts = new NDList(un);
                for (long i = tu; i < tc; i++) {
                    parts.add(last);
                }
                return new NDArray[] {tensor, NDArrays.concat(parts, 1)};
            }
            return new NDArray[] {tensor, un.get(":, :{}, :", tc)};
        }
        NDArray empty = own(options.emptyChunk(), s);
        long chunk = empty.getShape().get(1);
        long repeats = (tc - tu) / chunk;
        if (repeats < 0) {
            return new NDArray[] {padWith(tensor, empty, -repeats), un};
        } else if (repeats > 0) {
            return new NDArray[] {tensor, padWith(un, empty, repeats)};
        }
        padded = false;
        return new NDArray[] {tensor, un};
    }

    /** Ref: A1111 pad_cond: cat([t, empty.repeat(N, repeats, 1)], dim 1). */
    private static NDArray padWith(NDArray t, NDArray empty, long repeats) {
        NDArray rep = empty.tile(new long[] {t.getShape().get(0), repeats, 1});
        return NDArrays.concat(new NDList(t, rep), 1);
    }

    private static NDArray slice(NDArray a, long start, long n) {
        return a.get("{}:{}", start, start + n);
    }

    /** A copy in the step scope, so ops whose receiver it is stay in the scope. */
    private static NDArray own(NDArray a, NDManager s) {
        NDArray copy = a.duplicate();
        copy.attach(s);
        return copy;
    }
}

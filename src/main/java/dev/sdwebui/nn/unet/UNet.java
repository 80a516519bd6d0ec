package dev.sdwebui.nn.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.sdwebui.model.detect.UNetTopology;
import dev.sdwebui.nn.Conv2d;
import dev.sdwebui.nn.GroupNorm;
import dev.sdwebui.nn.Linear;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Precision;
import dev.sdwebui.nn.Scopes;
import dev.sdwebui.nn.Weights;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The LDM UNet (CompVis openaimodel.py UNetModel, use_spatial_transformer, legacy false) built from
 * the checkpoint keys under {@code model.diffusion_model.}: each {@code input_blocks.i},
 * {@code middle_block} and {@code output_blocks.i} child is recognised by its keys (ResBlock:
 * {@code in_layers}, SpatialTransformer: {@code proj_in}, Downsample: {@code op}, Upsample:
 * {@code conv}), so any SD-1/2-like topology loads without a table.
 */
public final class UNet {
    /** The unit name the memory hooks see (checkpoint prefix), followed by ".input_blocks.i" etc. */
    public static final String UNIT = "model.diffusion_model";
    private final NnRuntime rt;
    private final UNetTopology topology;
    private final Linear timeEmbed0;
    private final Linear timeEmbed2;
    private final Linear labelEmbed0; // SDXL: [adm] -> [4 mc], null otherwise
    private final Linear labelEmbed2;
    private final List<List<UNetLayer>> inputBlocks = new ArrayList<>();
    private final List<UNetLayer> middleBlock;
    private final List<List<UNetLayer>> outputBlocks = new ArrayList<>();
    private final GroupNorm outNorm;
    private final Conv2d outConv;
    private final DataType dtype;

    /** @param w the view at {@code model.diffusion_model} */
    public UNet(NnRuntime rt, Weights w, UNetTopology topology) {
        this.rt = rt;
        this.topology = topology;
        timeEmbed0 = new Linear(rt, w.at("time_embed.0"), true);
        timeEmbed2 = new Linear(rt, w.at("time_embed.2"), true);
        boolean adm = topology.admInChannels() > 0;
        labelEmbed0 = adm ? new Linear(rt, w.at("label_emb.0.0"), true) : null;
        labelEmbed2 = adm ? new Linear(rt, w.at("label_emb.0.2"), true) : null;
        for (int i = 0; w.has("input_blocks." + i + ".0.weight") || w.has("input_blocks." + i + ".0.op.weight")
                || w.has("input_blocks." + i + ".0.in_layers.0.weight"); i++) {
            inputBlocks.add(i == 0 ? List.of(convLayer(Conv2d.same(rt, w.at("input_blocks.0.0"))))
                    : children(w.at("input_blocks." + i)));
        }
        middleBlock = children(w.at("middle_block"));
        for (int i = 0; w.has("output_blocks." + i + ".0.in_layers.0.weight"); i++) {
            outputBlocks.add(children(w.at("output_blocks." + i)));
        }
        outNorm = new GroupNorm(rt, w.at("out.0"), 1e-5);
        outConv = Conv2d.same(rt, w.at("out.2"));
        dtype = w.get("input_blocks.0.0.weight").getDataType();
    }

    private static UNetLayer convLayer(Conv2d conv) {
        return (x, emb, ctx) -> conv.forward(x);
    }

    private List<UNetLayer> children(Weights block) {
        List<UNetLayer> out = new ArrayList<>();
        for (int j = 0; ; j++) {
            Weights c = block.at(String.valueOf(j));
            if (c.has("in_layers.0.weight")) {
                out.add(new ResBlock(rt, c));
            } else if (c.has("proj_in.weight")) {
                out.add(new SpatialTransformer(rt, c, topology::headsFor));
            } else if (c.has("op.weight")) {
                out.add(new Downsample(rt, c));
            } else if (c.has("conv.weight")) {
                out.add(new Upsample(rt, c));
            } else {
                return out;
            }
        }
    }

    public UNetTopology topology() {
        return topology;
    }

    /**
     * eps prediction.
     *
     * @param x [B, in_channels, h, w] latent (already scaled by the denoiser's c_in)
     * @param t [B] float timesteps (0..999, fractional allowed)
     * @param context [B, 77, context_dim]
     * @return [B, out_channels, h, w] float32 in x's manager; with fp16 weights (CUDA's default precision)
     *         the UNet computes in fp16 and casts its inputs and output (Ref: A1111 sd_hijack_unet
     *         apply_model casting x and context to devices.dtype_unet, the result back to float)
     */
    public NDArray forward(NDArray x, NDArray t, NDArray context) {
        return forward(x, t, context, null);
    }

    /**
     * As {@link #forward(NDArray, NDArray, NDArray)} with SDXL's class-embedding input.
     *
     * @param y [B, adm_in_channels] (SDXL's "vector": pooled text + size embeddings); null for SD 1.x/2.x
     */
    public NDArray forward(NDArray x, NDArray t, NDArray context, NDArray y) {
        checkInputs(x, t, context);
        if ((y != null) != (labelEmbed0 != null)
                || y != null && (y.getShape().dimension() != 2 || y.getShape().get(0) != x.getShape().get(0)
                || y.getShape().get(1) != topology.admInChannels())) {
            throw new IllegalArgumentException("this UNet needs " + (labelEmbed0 == null ? "no class input y"
                    : "y [B, " + topology.admInChannels() + "]") + ", got " + (y == null ? "none" : y.getShape()));
        }
        return Scopes.scoped(x, () -> Precision.as(run(Precision.as(x, dtype), t, Precision.as(context, dtype),
                y == null ? null : Precision.as(y, dtype)), DataType.FLOAT32), t, context, y);
    }

    private void checkInputs(NDArray x, NDArray t, NDArray context) {
        var xs = x.getShape();
        int factor = 1 << (topology.channelMult().length - 1);
        if (xs.dimension() != 4 || xs.get(1) != topology.inChannels()) {
            throw new IllegalArgumentException("UNet input must be [B, " + topology.inChannels() + ", h, w], got " + xs);
        }
        if (xs.get(2) % factor != 0 || xs.get(3) % factor != 0) {
            throw new IllegalArgumentException("latent size " + xs.get(3) + "x" + xs.get(2) + " must be a multiple of "
                    + factor + " (image size a multiple of " + 8 * factor + " px)");
        }
        if (t.getShape().size() != xs.get(0) || context.getShape().dimension() != 3
                || context.getShape().get(0) != xs.get(0) || context.getShape().get(2) != topology.contextDim()) {
            throw new IllegalArgumentException("timesteps " + t.getShape() + " / context " + context.getShape()
                    + " do not match batch " + xs.get(0) + " and context width " + topology.contextDim());
        }
    }

    private NDArray run(NDArray x, NDArray t, NDArray context, NDArray y) {
        rt.hook().beforeForward(UNIT);
        rt.hook().beforeForward(UNIT + ".time_embed");
        NDArray emb = timeEmbed2.forward(rt.ops().silu(timeEmbed0.forward(Precision.as(
                timestepEmbedding(t.toType(DataType.FLOAT32, false), topology.modelChannels()), dtype))));
        if (y != null) {
            // Ref: sgm openaimodel.py UNetModel.forward: emb = emb + label_emb(y), label_emb = Linear, SiLU, Linear
            emb = emb.add(labelEmbed2.forward(rt.ops().silu(labelEmbed0.forward(y))));
        }
        Deque<NDArray> skips = new ArrayDeque<>();
        NDArray h = rt.channelsLast() ? rt.ops().channelsLast(x) : x;
        for (int i = 0; i < inputBlocks.size(); i++) {
            rt.hook().beforeForward(UNIT + ".input_blocks." + i);
            h = runBlock(inputBlocks.get(i), h, emb, context);
            skips.push(h);
        }
        rt.hook().beforeForward(UNIT + ".middle_block");
        h = runBlock(middleBlock, h, emb, context);
        for (int i = 0; i < outputBlocks.size(); i++) {
            NDArray cat = h.concat(skips.pop(), 1);
            rt.hook().beforeForward(UNIT + ".output_blocks." + i);
            h = runBlock(outputBlocks.get(i), cat, emb, context);
        }
        rt.hook().beforeForward(UNIT + ".out");
        NDArray out = outConv.forward(outNorm.forwardSilu(h));
        return rt.channelsLast() ? rt.ops().contiguous(out) : out;
    }

    /** One TimestepEmbedSequential; each child runs in its own scope so its temporaries die with it. */
    private static NDArray runBlock(List<UNetLayer> block, NDArray x, NDArray emb, NDArray context) {
        NDArray h = x;
        for (UNetLayer l : block) {
            NDArray in = h;
            h = Scopes.scoped(in, () -> l.forward(in, emb, context));
        }
        return h;
    }

    /**
     * Ref: openaimodel.py timestep_embedding (repeat_only false): freqs = exp(-ln(10000) * i / half),
     * args = t[:, None] * freqs; cat([cos(args), sin(args)]) -> [B, dim].
     */
    public static NDArray timestepEmbedding(NDArray t, int dim) {
        int half = dim / 2;
        NDManager m = t.getManager();
        NDArray freqs = m.arange(0, half, 1, DataType.FLOAT32).mul(-Math.log(10000.0)).div(half).exp();
        NDArray args = t.reshape(t.getShape().get(0), 1).mul(freqs.reshape(1, half));
        NDArray emb = NDArrays.concat(new ai.djl.ndarray.NDList(args.cos(), args.sin()), 1);
        if (dim % 2 == 1) {
            emb = emb.concat(m.zeros(new ai.djl.ndarray.types.Shape(t.getShape().get(0), 1)), 1);
        }
        return emb;
    }
}

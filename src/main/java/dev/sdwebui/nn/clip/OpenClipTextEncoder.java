package dev.sdwebui.nn.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.sdwebui.device.ModuleHook;
import dev.sdwebui.model.detect.ClipTopology;
import dev.sdwebui.nn.LayerNorm;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Precision;
import dev.sdwebui.nn.Scopes;
import dev.sdwebui.nn.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The OpenCLIP text tower (open_clip model.py {@code encode_text} layout) under
 * {@code cond_stage_model.model.} (SD 2.x, ViT-H) or {@code conditioner.embedders.N.model.} (SDXL, bigG):
 * {@code token_embedding} + {@code positional_embedding}, causal pre-LN {@code transformer.resblocks.N}
 * (fused {@code attn.in_proj}, exact GELU MLP {@code c_fc}/{@code c_proj}), {@code ln_final},
 * {@code text_projection} [C, P].
 *
 * <p>Ref: ldm FrozenOpenCLIPEmbedder ({@code layer="penultimate"}: the last resblock is skipped, then
 * ln_final) and sgm FrozenOpenCLIPEmbedder2 ({@code penultimate} without ln_final; pooled =
 * {@code ln_final(last)[argmax(tokens)] @ text_projection}).
 */
public final class OpenClipTextEncoder {

    /** What one call returns: hidden [B, T, C] float32 and, when asked for, pooled [B, P] float32. */
    public record Output(NDArray hidden, NDArray pooled) {
    }

    private final ClipTopology topology;
    private final NDArray tokenEmbedding; // [vocab, C]
    private final NDArray positionalEmbedding; // [77, C]
    private final List<OpenClipResBlock> blocks = new ArrayList<>();
    private final LayerNorm lnFinal;
    private final NDArray textProjection; // [C, P]
    private final ModuleHook hook;
    private final String unit;

    /** @param w the view at the OpenCLIP model prefix ({@code cond_stage_model.model}) */
    public OpenClipTextEncoder(NnRuntime rt, Weights w, ClipTopology topology) {
        this.topology = topology;
        this.hook = rt.hook();
        this.unit = w.prefix().startsWith("conditioner.") ? "conditioner" : "cond_stage_model";
        tokenEmbedding = w.get("token_embedding.weight");
        positionalEmbedding = w.get("positional_embedding");
        for (int i = 0; i < topology.layers(); i++) {
            blocks.add(new OpenClipResBlock(rt, w.at("transformer.resblocks." + i), topology.heads()));
        }
        lnFinal = new LayerNorm(rt, w.at("ln_final"), 1e-5);
        textProjection = w.get("text_projection");
        w.find("logit_scale"); // part of the text model's state, unused for conditioning
    }

    /** Topology from shapes; {@code p} such as {@code cond_stage_model.model.}. */
    public static ClipTopology topology(Map<String, long[]> shapes, String p) {
        long[] tok = require(shapes, p + "token_embedding.weight");
        long[] pos = require(shapes, p + "positional_embedding");
        int layers = 0;
        while (shapes.containsKey(p + "transformer.resblocks." + layers + ".attn.in_proj_weight")) {
            layers++;
        }
        int mlp = (int) require(shapes, p + "transformer.resblocks.0.mlp.c_fc.weight")[0];
        return ClipTopology.of((int) tok[0], (int) pos[0], (int) tok[1], layers, mlp);
    }

    private static long[] require(Map<String, long[]> shapes, String key) {
        long[] s = shapes.get(key);
        if (s == null) {
            throw new IllegalArgumentException("checkpoint is missing '" + key + "'");
        }
        return s;
    }

    public ClipTopology topology() {
        return topology;
    }

    /** Width P of the pooled output (text_projection's columns). */
    public int pooledWidth() {
        return (int) textProjection.getShape().get(1);
    }

    /**
     * SD 2.x conditioning: penultimate block output followed by ln_final (ldm FrozenOpenCLIPEmbedder,
     * layer "penultimate"; A1111 applies no CLIP skip to it).
     *
     * @param tokens [B, T] ids (A1111 pads with 0 after the first end token)
     * @return [B, T, C] float32 in the tokens' manager
     */
    public NDArray encodePenultimateNormed(NDArray tokens, UnaryOperator<NDArray> tokenEmbeddingEdit) {
        return run(tokens, tokenEmbeddingEdit, true, false).hidden();
    }

    /**
     * SDXL bigG: penultimate block output without ln_final, and the pooled output
     * {@code ln_final(last block output)} at the first end token (argmax of the ids) times text_projection.
     *
     * @return hidden [B, T, C] and pooled [B, P], float32 in the tokens' manager
     */
    public Output encodeWithPooled(NDArray tokens, UnaryOperator<NDArray> tokenEmbeddingEdit) {
        return run(tokens, tokenEmbeddingEdit, false, true);
    }

    private Output run(NDArray tokens, UnaryOperator<NDArray> edit, boolean normPenultimate, boolean pooled) {
        if (tokens.getShape().dimension() != 2) {
            throw new IllegalArgumentException("tokens must be [B, T], got " + tokens.getShape());
        }
        long t = tokens.getShape().get(1);
        if (t > topology.maxPositions()) {
            throw new IllegalArgumentException("at most " + topology.maxPositions() + " tokens, got " + t);
        }
        hook.beforeForward(unit);
        NDManager m = tokens.getManager();
        NDList out = new NDList();
        NDArray result = Scopes.scoped(tokens, () -> {
            NDArray ids = tokens.toType(DataType.INT64, false);
            NDArray h = m.zeros(new Shape(1), DataType.FLOAT32).getNDArrayInternal()
                    .embedding(ids, tokenEmbedding, SparseFormat.DENSE).get(0);
            h = Precision.as(edit.apply(Precision.as(h, DataType.FLOAT32)), tokenEmbedding.getDataType());
            NDArray pos = positionalEmbedding.get("0:" + t);
            pos.attach(m);
            h = h.add(pos);
            int last = blocks.size() - 1;
            for (int i = 0; i < last; i++) {
                NDArray in = h;
                OpenClipResBlock b = blocks.get(i);
                h = Scopes.scoped(in, () -> b.forward(in));
            }
            NDArray penultimate = normPenultimate ? lnFinal.forward(h) : h;
            if (!pooled) {
                return Precision.as(penultimate, DataType.FLOAT32);
            }
            NDArray finalOut = lnFinal.forward(blocks.get(last).forward(h)); // [B, T, C]
            out.add(Precision.as(pool(finalOut, tokens), DataType.FLOAT32));
            out.get(0).attach(m);
            return Precision.as(penultimate, DataType.FLOAT32);
        });
        return new Output(result, pooled ? out.get(0) : null);
    }

    /** x[b, argmax(tokens[b])] @ text_projection -> [B, P] (open_clip text_global_pool "argmax"). */
    private NDArray pool(NDArray x, NDArray tokens) {
        long[] ids = tokens.toType(DataType.INT64, false).toLongArray();
        int b = (int) x.getShape().get(0);
        int t = (int) tokens.getShape().get(1);
        NDList rows = new NDList();
        for (int r = 0; r < b; r++) {
            int best = 0;
            for (int j = 1; j < t; j++) {
                if (ids[r * t + j] > ids[r * t + best]) {
                    best = j;
                }
            }
            rows.add(x.get("{}:{}, {}, :", r, r + 1, best));
        }
        NDArray picked = ai.djl.ndarray.NDArrays.concat(rows); // [B, C]
        return picked.matMul(textProjection);
    }
}

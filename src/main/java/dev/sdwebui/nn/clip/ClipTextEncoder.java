package dev.sdwebui.nn.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.sdwebui.model.detect.ClipTopology;
import dev.sdwebui.nn.LayerNorm;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Precision;
import dev.sdwebui.nn.Scopes;
import dev.sdwebui.nn.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * The HF CLIPTextModel text tower under {@code cond_stage_model.transformer.text_model.}:
 * token + position embeddings, causal pre-LN encoder layers, final_layer_norm.
 *
 * <p>Clip skip, as A1111's {@code CLIP_stop_at_last_layers} (sd_hijack_clip.py
 * FrozenCLIPEmbedderWithCustomWords.encode_with_transformers): for skip s > 1 take
 * {@code hidden_states[-s]}, i.e. the output of encoder layer n - s + 1 (1-based), then apply
 * final_layer_norm; s = 1 is the normal last_hidden_state.
 */
public final class ClipTextEncoder {
    private final ClipTopology topology;
    private final NDArray tokenEmbedding; // [vocab, C]
    private final NDArray positionEmbedding; // [77, C]
    private final List<ClipEncoderLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final dev.sdwebui.device.ModuleHook hook;
    private final String unit; // the memory hooks' unit: cond_stage_model, or conditioner (SDXL, A1111 lowvram's unit)

    /** @param w the view at {@code cond_stage_model.transformer.text_model} */
    public ClipTextEncoder(NnRuntime rt, Weights w, ClipTopology topology) {
        this.topology = topology;
        this.hook = rt.hook();
        this.unit = w.prefix().startsWith("conditioner.") ? "conditioner" : "cond_stage_model";
        tokenEmbedding = w.get("embeddings.token_embedding.weight");
        positionEmbedding = w.get("embeddings.position_embedding.weight");
        for (int i = 0; i < topology.layers(); i++) {
            layers.add(new ClipEncoderLayer(rt, w.at("encoder.layers." + i), topology.heads()));
        }
        finalNorm = new LayerNorm(rt, w.at("final_layer_norm"), 1e-5);
    }

    public ClipTopology topology() {
        return topology;
    }

    /**
     * @param tokens [B, T] int64 ids (T <= max positions, normally 77)
     * @param clipSkip 1 = last layer; 2 = penultimate (A1111 "Clip skip"); clamped to [1, layers]
     * @return [B, T, C] float32 in the tokens' manager
     */
    public NDArray encode(NDArray tokens, int clipSkip) {
        return encode(tokens, clipSkip, java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #encode(NDArray, int)}, with a hook on the token-embedding lookup [B, T, C] before the
     * position embeddings are added: textual-inversion vectors replace rows there
     * (Ref: A1111 sd_hijack.py EmbeddingsWithFixes.forward). The hook's result must be [B, T, C] in
     * the same manager as its input.
     */
    public NDArray encode(NDArray tokens, int clipSkip, java.util.function.UnaryOperator<NDArray> tokenEmbeddingEdit) {
        int skip = Math.max(1, Math.min(clipSkip, topology.layers()));
        return run(tokens, topology.layers() - skip + 1, true, tokenEmbeddingEdit);
    }

    /**
     * HF {@code hidden_states[index]} (0 = the embeddings, i = the output of layer i) without
     * final_layer_norm: SDXL's CLIP-L conditioning (sgm FrozenCLIPEmbedder layer "hidden", layer_idx =
     * layers - 1, i.e. the penultimate layer).
     *
     * @return [B, T, C] float32 in the tokens' manager
     */
    public NDArray encodeHiddenState(NDArray tokens, int index, java.util.function.UnaryOperator<NDArray> tokenEmbeddingEdit) {
        if (index < 0 || index > topology.layers()) {
            throw new IllegalArgumentException("hidden state index " + index + " outside 0.." + topology.layers());
        }
        return run(tokens, index, false, tokenEmbeddingEdit);
    }

    private NDArray run(NDArray tokens, int run, boolean finalLayerNorm,
                        java.util.function.UnaryOperator<NDArray> tokenEmbeddingEdit) {
        if (tokens.getShape().dimension() != 2) {
            throw new IllegalArgumentException("tokens must be [B, T], got " + tokens.getShape());
        }
        long t = tokens.getShape().get(1);
        if (t > topology.maxPositions()) {
            throw new IllegalArgumentException("at most " + topology.maxPositions() + " tokens, got " + t);
        }
        hook.beforeForward(unit);
        return Scopes.scoped(tokens, () -> {
            NDManager m = tokens.getManager();
            NDArray ids = tokens.toType(DataType.INT64, false);
            // embedding lookup: token_embedding[ids] -> [B, T, C]; weights are arguments, never receivers
            NDArray h = m.zeros(new ai.djl.ndarray.types.Shape(1), DataType.FLOAT32)
                    .getNDArrayInternal().embedding(ids, tokenEmbedding, ai.djl.ndarray.types.SparseFormat.DENSE)
                    .get(0);
            // textual-inversion rows are fp32: edit in fp32, compute in the weights' dtype
            h = Precision.as(tokenEmbeddingEdit.apply(Precision.as(h, DataType.FLOAT32)), tokenEmbedding.getDataType());
            NDArray pos = positionEmbedding.get("0:" + t);
            pos.attach(m);
            h = h.add(pos);
            for (int i = 0; i < run; i++) {
                NDArray in = h;
                ClipEncoderLayer layer = layers.get(i);
                h = Scopes.scoped(in, () -> layer.forward(in));
            }
            return Precision.as(finalLayerNorm ? finalNorm.forward(h) : h, DataType.FLOAT32);
        });
    }
}

package dev.sdwebui.prompt.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.LayerNorm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Test-only CLIP text transformer (HF CLIPTextModel layout, pre-LN, quick_gelu, causal attention) over
 * the tiny reference checkpoint, so the conditioning pipeline can be checked against cond.npy before
 * the nn package's CLIP is merged. Not production code: the real encoder lives in nn.
 */
final class TinyClipTextEncoder implements TextEncoder, AutoCloseable {

    private static final String P = "cond_stage_model.transformer.text_model.";
    private final NDManager weights;
    private final float[] tokenTable; // [49408, C]
    private final NDArray positions; // [77, C]
    private final int width;
    private final int layers;
    private final int heads;
    private final JsonNode header;
    private final MappedByteBuffer data;

    TinyClipTextEncoder(Path safetensors, int layers, int heads) throws IOException {
        this.layers = layers;
        this.heads = heads;
        try (FileChannel ch = FileChannel.open(safetensors, StandardOpenOption.READ)) {
            MappedByteBuffer head = ch.map(FileChannel.MapMode.READ_ONLY, 0, 8);
            long n = head.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            byte[] h = new byte[(int) n];
            ch.map(FileChannel.MapMode.READ_ONLY, 8, n).get(h);
            header = new ObjectMapper().readTree(h);
            data = ch.map(FileChannel.MapMode.READ_ONLY, 8 + n, ch.size() - 8 - n);
            data.order(ByteOrder.LITTLE_ENDIAN);
        }
        weights = NDManager.newBaseManager();
        tokenTable = floats("embeddings.token_embedding.weight");
        width = (int) header.get(P + "embeddings.token_embedding.weight").get("shape").get(1).asLong();
        positions = w("embeddings.position_embedding.weight");
    }

    private float[] floats(String key) {
        JsonNode info = header.get(P + key);
        int begin = info.get("data_offsets").get(0).asInt();
        int end = info.get("data_offsets").get(1).asInt();
        float[] out = new float[(end - begin) / 4];
        FloatBuffer fb = data.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(begin).limit(end).slice()
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        fb.get(out);
        return out;
    }

    private NDArray w(String key) {
        JsonNode shape = header.get(P + key).get("shape");
        long[] s = new long[shape.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape.get(i).asLong();
        }
        return weights.create(floats(key), new Shape(s));
    }

    float[] tokenRow(int id) {
        float[] out = new float[width];
        System.arraycopy(tokenTable, id * width, out, 0, width);
        return out;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public NDArray encode(NDArray tokens, int clipSkip) {
        return encode(tokens, clipSkip, List.of());
    }

    @Override
    public NDArray encode(NDArray tokens, int clipSkip, List<TokenOverride> overrides) {
        NDManager m = tokens.getManager();
        long[] ids = tokens.toLongArray();
        int b = (int) tokens.getShape().get(0);
        int n = (int) tokens.getShape().get(1);
        float[] emb = new float[b * n * width];
        for (int i = 0; i < b * n; i++) {
            System.arraycopy(tokenTable, (int) ids[i] * width, emb, i * width, width);
        }
        for (TokenOverride o : overrides) {
            System.arraycopy(o.vectors(), 0, emb, (o.row() * n + o.position()) * width, o.count() * width);
        }
        NDArray x = m.create(emb, new Shape(b, n, width)).add(positions);
        NDArray mask = causalMask(m, n);
        NDArray hidden = x;
        for (int l = 0; l < layers && l < layers - clipSkip + 1; l++) {
            hidden = layer(hidden, l, mask);
        }
        return ln(hidden, "final_layer_norm");
    }

    private NDArray causalMask(NDManager m, int n) {
        float[] mask = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                mask[i * n + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return m.create(mask, new Shape(n, n));
    }

    private NDArray ln(NDArray x, String name) {
        return LayerNorm.layerNorm(x, new Shape(width), w(name + ".weight"), w(name + ".bias"), 1e-5f).head();
    }

    private NDArray linear(NDArray x, String name) {
        return x.matMul(w(name + ".weight").transpose()).add(w(name + ".bias"));
    }

    private NDArray layer(NDArray x, int l, NDArray mask) {
        String p = "encoder.layers." + l + ".";
        NDArray h = ln(x, p + "layer_norm1");
        long b = x.getShape().get(0);
        long n = x.getShape().get(1);
        int d = width / heads;
        NDArray q = linear(h, p + "self_attn.q_proj").mul(1.0 / Math.sqrt(d)).reshape(b, n, heads, d).transpose(0, 2, 1, 3);
        NDArray k = linear(h, p + "self_attn.k_proj").reshape(b, n, heads, d).transpose(0, 2, 1, 3);
        NDArray v = linear(h, p + "self_attn.v_proj").reshape(b, n, heads, d).transpose(0, 2, 1, 3);
        NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).add(mask).softmax(3);
        NDArray o = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, n, width);
        x = x.add(linear(o, p + "self_attn.out_proj"));
        NDArray f = linear(ln(x, p + "layer_norm2"), p + "mlp.fc1");
        f = f.mul(Activation.sigmoid(f.mul(1.702))); // quick_gelu
        return x.add(linear(f, p + "mlp.fc2"));
    }

    @Override
    public void close() {
        weights.close();
    }
}

package dev.sdwebui.model.merge;

import dev.sdwebui.model.io.TensorFile;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides, key by key, what each output tensor is, exactly as A1111's merger does, without reading any
 * tensor data. Ref: A1111 {@code modules/extras.py run_modelmerger}:
 * <ul>
 * <li>Add difference first replaces each B tensor whose key contains "model" by {@code B - C}, or by zeros
 *     when C lacks the key;</li>
 * <li>then every key of A that contains "model" and exists in B is merged and, with save-as-half, cast to
 *     float16; other keys of A are copied unchanged (A1111 leaves them even as float32);</li>
 * <li>No interpolation casts every float32 tensor of A with save-as-half;</li>
 * <li>the CLIP {@code position_ids} buffer is never merged ({@code checkpoint_dict_skip_on_merge});</li>
 * <li>an inpainting (9-channel) or instruct-pix2pix (8-channel) A merges only its first 4 input channels
 *     with a normal B; the reverse order is refused;</li>
 * <li>keys matching the discard regex are dropped last.</li>
 * </ul>
 */
final class MergePlan {

    static final List<String> SKIP_ON_MERGE = List.of("cond_stage_model.transformer.text_model.embeddings.position_ids");

    /** Output tensors in file order, their shapes, and the name suffix flags. */
    record Planned(Map<String, TensorExpr> tensors, Map<String, long[]> shapes, boolean inpainting, boolean pix2pix) {
    }

    private MergePlan() {
    }

    static Planned plan(TensorFile a, TensorFile b, TensorFile c, MergeMethod method, double m, boolean half,
                        Pattern discard) throws MergeException {
        Map<String, TensorExpr> out = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        boolean[] flags = new boolean[2];
        for (String key : a.keys()) {
            TensorExpr x = new TensorExpr.Stored(a, key);
            if (method.needsSecondary() && key.contains("model") && b.contains(key)) {
                if (!SKIP_ON_MERGE.contains(key)) {
                    x = merged(a, b, c, key, method, m, flags);
                    x = half ? new TensorExpr.ToHalf(x) : x;
                }
            } else if (!method.needsSecondary() && half) {
                x = new TensorExpr.ToHalf(x);
            }
            if (discard != null && discard.matcher(key).find()) {
                continue; // A1111 discards after merging (the inpainting flag still counts)
            }
            out.put(key, x);
            shapes.put(key, a.shape(key));
        }
        return new Planned(out, shapes, flags[0], flags[1]);
    }

    /** B, or B - C (zeros where C lacks the key) for Add difference. */
    private static TensorExpr theta1(TensorFile b, TensorFile c, String key, MergeMethod method) throws MergeException {
        TensorExpr bx = new TensorExpr.Stored(b, key);
        if (method != MergeMethod.ADD_DIFFERENCE || SKIP_ON_MERGE.contains(key)) {
            return bx;
        }
        if (!c.contains(key)) {
            return new TensorExpr.Zeros(b.dtype(key));
        }
        if (!Arrays.equals(b.shape(key), c.shape(key))) {
            throw new MergeException("Cannot subtract C from B at " + key + ": B has shape " + Arrays.toString(b.shape(key))
                    + ", C has " + Arrays.toString(c.shape(key)) + " (different model types?)");
        }
        return new TensorExpr.Difference(bx, new TensorExpr.Stored(c, key));
    }

    private static TensorExpr merged(TensorFile a, TensorFile b, TensorFile c, String key, MergeMethod method,
                                     double m, boolean[] flags) throws MergeException {
        TensorExpr ax = new TensorExpr.Stored(a, key);
        TensorExpr bx = theta1(b, c, key, method);
        long[] sa = a.shape(key);
        long[] sb = b.shape(key);
        if (Arrays.equals(sa, sb)) {
            return combine(ax, bx, method, m);
        }
        if (!sameExceptChannels(sa, sb)) {
            throw new MergeException("Cannot merge " + key + ": A has shape " + Arrays.toString(sa) + ", B has "
                    + Arrays.toString(sb) + " (different model types?)");
        }
        if (sa[1] == 4 && sb[1] == 9) {
            throw new MergeException("When merging inpainting model with a normal one, A must be the inpainting model.");
        }
        if (sa[1] == 4 && sb[1] == 8) {
            throw new MergeException("When merging instruct-pix2pix model with a normal one, A must be the "
                    + "instruct-pix2pix model.");
        }
        if (!((sa[1] == 8 || sa[1] == 9) && sb[1] == 4)) {
            throw new MergeException("Bad dimensions for merged layer " + key + ": A=" + Arrays.toString(sa) + ", B="
                    + Arrays.toString(sb));
        }
        flags[sa[1] == 9 ? 0 : 1] = true;
        TensorExpr slice = combine(new TensorExpr.LeadingChannels(ax, sa, 4), bx, method, m);
        return new TensorExpr.ChannelSlice(ax, slice, sa, sb);
    }

    private static TensorExpr combine(TensorExpr a, TensorExpr b, MergeMethod method, double m) {
        return method == MergeMethod.WEIGHTED_SUM ? new TensorExpr.WeightedSum(a, b, m)
                : new TensorExpr.AddDifference(a, b, m);
    }

    /** A1111: {@code a.shape[0:1] + a.shape[2:] == b.shape[0:1] + b.shape[2:]}. */
    private static boolean sameExceptChannels(long[] sa, long[] sb) {
        if (sa.length != sb.length || sa.length < 2 || sa[0] != sb[0]) {
            return false;
        }
        for (int d = 2; d < sa.length; d++) {
            if (sa[d] != sb[d]) {
                return false;
            }
        }
        return true;
    }
}

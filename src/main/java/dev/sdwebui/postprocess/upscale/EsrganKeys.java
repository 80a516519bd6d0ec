package dev.sdwebui.postprocess.upscale;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ESRGAN key dialects, converted to the old ESRGAN layout that {@link EsrganNet} reads.
 * Ref: spandrel architectures/ESRGAN/__init__.py {@code _to_old_arch}: BasicSR / Real-ESRGAN
 * ({@code conv_first, body.N.rdbK.convJ, conv_body, conv_upN, conv_hr, conv_last}) and BSRGAN
 * ({@code RRDB_trunk.N.RDBK.convJ, trunk_conv, upconvN, HRconv}) become {@code model.0},
 * {@code model.1.sub.N.RDBK.convJ.0}, {@code model.1.sub.<nb>}, {@code model.<3N>}, then HR conv and last conv
 * two and four places after the last up-conv.
 */
final class EsrganKeys {

    private static final Pattern RDB = Pattern.compile("(?:RRDB_trunk|body)\\.(\\d+)\\.(?:RDB|rdb)(\\d)\\.conv(\\d+)\\.(weight|bias)");
    private static final Pattern UP = Pattern.compile("(?:upconv|conv_up)(\\d)\\.(weight|bias)");

    private EsrganKeys() {
    }

    static boolean isOldLayout(Map<String, NDArray> sd) {
        return sd.containsKey("model.0.weight");
    }

    static boolean isNewLayout(Map<String, NDArray> sd) {
        return sd.containsKey("conv_first.weight")
                && (sd.containsKey("body.0.rdb1.conv1.weight") && sd.containsKey("conv_body.weight")
                || sd.containsKey("RRDB_trunk.0.RDB1.conv1.weight") && sd.containsKey("trunk_conv.weight"))
                && sd.containsKey("conv_last.weight");
    }

    static Map<String, NDArray> toOld(Map<String, NDArray> sd) {
        if (!sd.containsKey("conv_first.weight")) {
            return sd;
        }
        int nb = 0;
        for (String k : sd.keySet()) {
            Matcher m = RDB.matcher(k);
            if (m.matches()) {
                nb = Math.max(nb, Integer.parseInt(m.group(1)) + 1);
            }
        }
        Map<String, NDArray> old = new LinkedHashMap<>();
        int maxUp = 0;
        for (Map.Entry<String, NDArray> e : sd.entrySet()) {
            String k = e.getKey();
            Matcher rdb = RDB.matcher(k);
            Matcher up = UP.matcher(k);
            if (rdb.matches()) {
                old.put("model.1.sub." + rdb.group(1) + ".RDB" + rdb.group(2) + ".conv" + rdb.group(3) + ".0."
                        + rdb.group(4), e.getValue());
            } else if (up.matches()) {
                int idx = Integer.parseInt(up.group(1)) * 3;
                old.put("model." + idx + "." + up.group(2), e.getValue());
                maxUp = Math.max(maxUp, idx);
            }
        }
        for (String kind : new String[] {"weight", "bias"}) {
            copy(sd, old, "conv_first." + kind, "model.0." + kind);
            copy(sd, old, "conv_body." + kind, "model.1.sub." + nb + "." + kind);
            copy(sd, old, "trunk_conv." + kind, "model.1.sub." + nb + "." + kind);
            copy(sd, old, "conv_hr." + kind, "model." + (maxUp + 2) + "." + kind);
            copy(sd, old, "HRconv." + kind, "model." + (maxUp + 2) + "." + kind);
            copy(sd, old, "conv_last." + kind, "model." + (maxUp + 4) + "." + kind);
        }
        return old;
    }

    private static void copy(Map<String, NDArray> from, Map<String, NDArray> to, String key, String as) {
        if (from.containsKey(key)) {
            to.put(as, from.get(key));
        }
    }
}

package dev.sdwebui.nn.unet;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.Conv2d;
import dev.sdwebui.nn.GroupNorm;
import dev.sdwebui.nn.Linear;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * Ref: ldm/modules/attention.py SpatialTransformer: GN(32, eps 1e-6) -> proj_in -> tokens
 * [B, HW, C] -> transformer_blocks -> proj_out -> + x. proj_in/out are 1x1 convs in SD 1.x and
 * Linear in SD 2.x (use_linear_in_transformer), recognised from the weight rank.
 */
final class SpatialTransformer implements UNetLayer {
    private final GroupNorm norm;
    private final Conv2d projInConv;
    private final Conv2d projOutConv;
    private final Linear projInLinear;
    private final Linear projOutLinear;
    private final List<BasicTransformerBlock> blocks = new ArrayList<>();

    SpatialTransformer(NnRuntime rt, Weights w, java.util.function.LongToIntFunction headsFor) {
        norm = new GroupNorm(rt, w.at("norm"), 1e-6);
        boolean linear = w.get("proj_in.weight").getShape().dimension() == 2;
        projInConv = linear ? null : Conv2d.same(rt, w.at("proj_in"));
        projOutConv = linear ? null : Conv2d.same(rt, w.at("proj_out"));
        projInLinear = linear ? new Linear(rt, w.at("proj_in"), true) : null;
        projOutLinear = linear ? new Linear(rt, w.at("proj_out"), true) : null;
        long inner = w.get("proj_in.weight").getShape().get(0);
        for (int d = 0; w.has("transformer_blocks." + d + ".attn1.to_q.weight"); d++) {
            blocks.add(new BasicTransformerBlock(rt, w.at("transformer_blocks." + d), headsFor.applyAsInt(inner)));
        }
    }

    @Override
    public NDArray forward(NDArray x, NDArray emb, NDArray context) {
        long b = x.getShape().get(0);
        long h = x.getShape().get(2);
        long wd = x.getShape().get(3);
        NDArray t = norm.forward(x);
        if (projInConv != null) {
            t = projInConv.forward(t);
        }
        long c = t.getShape().get(1);
        t = t.reshape(b, c, h * wd).transpose(0, 2, 1); // [B, HW, C]
        if (projInLinear != null) {
            t = projInLinear.forward(t);
        }
        for (BasicTransformerBlock blk : blocks) {
            t = blk.forward(t, context);
        }
        if (projOutLinear != null) {
            t = projOutLinear.forward(t);
        }
        t = t.transpose(0, 2, 1).reshape(b, t.getShape().get(2), h, wd);
        if (projOutConv != null) {
            t = projOutConv.forward(t);
        }
        return t.add(x);
    }
}

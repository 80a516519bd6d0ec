package dev.sdwebui.nn.vae;

import ai.djl.ndarray.NDArray;
import dev.sdwebui.nn.Conv2d;
import dev.sdwebui.nn.GroupNorm;
import dev.sdwebui.nn.NnRuntime;
import dev.sdwebui.nn.Weights;

/**
 * Ref: model.py AttnBlock: single-head attention over the H*W pixels with 1x1-conv q/k/v/proj_out,
 * scale C^-0.5, GN eps 1e-6, residual. q,k,v as [B, HW, C] through the attention backend.
 */
final class VaeAttention {
    private final NnRuntime rt;
    private final GroupNorm norm;
    private final Conv2d q;
    private final Conv2d k;
    private final Conv2d v;
    private final Conv2d proj;

    VaeAttention(NnRuntime rt, Weights w) {
        this.rt = rt;
        norm = new GroupNorm(rt, w.at("norm"), 1e-6);
        q = Conv2d.same(rt, w.at("q"));
        k = Conv2d.same(rt, w.at("k"));
        v = Conv2d.same(rt, w.at("v"));
        proj = Conv2d.same(rt, w.at("proj_out"));
    }

    NDArray forward(NDArray x) {
        long b = x.getShape().get(0);
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long wd = x.getShape().get(3);
        NDArray n = norm.forward(x);
        NDArray qt = tokens(q.forward(n), b, c, h * wd);
        NDArray kt = tokens(k.forward(n), b, c, h * wd);
        NDArray vt = tokens(v.forward(n), b, c, h * wd);
        NDArray o = rt.attention().attend(qt, kt, vt, 1, false); // [B, HW, C]
        o = o.transpose(0, 2, 1).reshape(b, c, h, wd);
        return proj.forward(o).add(x);
    }

    private static NDArray tokens(NDArray a, long b, long c, long n) {
        return a.reshape(b, c, n).transpose(0, 2, 1);
    }
}

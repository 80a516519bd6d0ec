package dev.sdwebui.nn.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Tensor helpers of the LyCORIS formats. Ref: A1111 extensions-builtin/Lora/lyco_helpers.py. */
final class Decompositions {

    private Decompositions() {
    }

    /**
     * Ref: make_weight_cp(t, wa, wb): {@code out[p,q,k,l] = sum_{i,j} t[i,j,k,l] * wb[j,q] * wa[i,p]}.
     * t [R1, R2, k, l], wa [R1, P], wb [R2, Q] -> [P, Q, k, l].
     */
    static NDArray cp(NDArray t, NDArray wa, NDArray wb) {
        long[] ts = t.getShape().getShape();
        long r1 = ts[0];
        long r2 = ts[1];
        long k = ts[2];
        long l = ts[3];
        long q = wb.getShape().get(1);
        long p = wa.getShape().get(1);
        // temp[i, k, l, q] = sum_j t[i, j, k, l] wb[j, q]
        NDArray temp = t.transpose(0, 2, 3, 1).reshape(r1 * k * l, r2).matMul(wb).reshape(r1, k, l, q);
        // out[p, (q, k, l)] = sum_i wa[i, p] temp[i, q, k, l]
        NDArray tq = temp.transpose(0, 3, 1, 2).reshape(r1, q * k * l);
        return wa.transpose().matMul(tq).reshape(p, q, k, l);
    }

    /**
     * Ref: rebuild_conventional(up, down, shape, dyn_dim): {@code (up[:, :dyn] @ down[:dyn, :]).reshape(shape)}
     * with both flattened to 2-D.
     */
    static NDArray conventional(NDArray up, NDArray down, long[] shape, Integer dyn) {
        NDArray u = up.reshape(up.getShape().get(0), -1);
        NDArray d = down.reshape(down.getShape().get(0), -1);
        if (dyn != null) {
            u = u.get(":, :" + dyn);
            d = d.get(":" + dyn + ", :");
        }
        return u.matMul(d).reshape(new Shape(shape));
    }

    /**
     * torch.kron of w1 [a, c] (or [a, c, 1, 1]) and w2 [b, d] (or [b, d, k, l]): [a*b, c*d(, k, l)].
     * Ref: network_lokr.py make_kron (w1 unsqueezed to 4-D when w2 is 4-D).
     */
    static NDArray kron(NDArray w1, NDArray w2) {
        long a = w1.getShape().get(0);
        long c = w1.getShape().get(1);
        long[] s2 = w2.getShape().getShape();
        long b = s2[0];
        long d = s2[1];
        if (s2.length == 4) {
            NDArray x = w1.reshape(a, 1, c, 1, 1, 1).mul(w2.reshape(1, b, 1, d, s2[2], s2[3]));
            return x.reshape(a * b, c * d, s2[2], s2[3]);
        }
        return w1.reshape(a, 1, c, 1).mul(w2.reshape(1, b, 1, d)).reshape(a * b, c * d);
    }
}

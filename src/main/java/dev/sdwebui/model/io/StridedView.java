package dev.sdwebui.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Bounds and copies of strided tensor views into a storage (torch's size/stride/storage_offset). */
final class StridedView {

    private StridedView() {
    }

    /** {min, max+1} element index of the storage the view touches (for an empty view {offset, offset}). */
    static long[] span(Py.Tensor t) {
        long lo = t.offset();
        long hi = t.offset();
        if (t.numel() == 0) {
            return new long[] {lo, hi};
        }
        for (int i = 0; i < t.size().length; i++) {
            long reach = Math.multiplyExact(t.size()[i] - 1, t.stride()[i]);
            if (reach < 0) {
                lo += reach;
            } else {
                hi += reach;
            }
        }
        return new long[] {lo, hi + 1};
    }

    /** Copies the view's elements in row-major order into a new heap buffer. */
    static ByteBuffer gather(ByteBuffer storage, Py.Tensor t, int elemSize) {
        long n = t.numel();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(n * elemSize)).order(ByteOrder.LITTLE_ENDIAN);
        int rank = t.size().length;
        long[] idx = new long[rank];
        for (long k = 0; k < n; k++) {
            long src = t.offset();
            for (int d = 0; d < rank; d++) {
                src += idx[d] * t.stride()[d];
            }
            for (int b = 0; b < elemSize; b++) {
                out.put(storage.get(Math.toIntExact(src * elemSize + b)));
            }
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < t.size()[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return out.flip();
    }
}

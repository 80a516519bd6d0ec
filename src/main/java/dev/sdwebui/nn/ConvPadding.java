package dev.sdwebui.nn;

/**
 * The padding mode of every convolution of one loaded model: zeros (default) or circular (A1111
 * "Tiling": {@code layer.padding_mode = 'circular'} on all Conv2d, so the image wraps around and
 * tiles seamlessly). Per model, set by the job that runs on it (jobs on one model are serialised by
 * the queue), so volatile is enough.
 */
public final class ConvPadding {
    private volatile boolean circular;

    public boolean circular() {
        return circular;
    }

    public void setCircular(boolean circular) {
        this.circular = circular;
    }
}

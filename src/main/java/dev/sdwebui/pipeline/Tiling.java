package dev.sdwebui.pipeline;

import dev.sdwebui.nn.SdModel;

/** Switches the model's circular conv padding on for one job and back off afterwards (A1111 "Tiling"). */
final class Tiling implements AutoCloseable {

    private final SdModel model;
    private final boolean before;

    private Tiling(SdModel model, boolean tiling) {
        this.model = model;
        this.before = model.tiling();
        model.setTiling(tiling);
    }

    static Tiling apply(SdModel model, boolean tiling) {
        return new Tiling(model, tiling);
    }

    @Override
    public void close() {
        model.setTiling(before);
    }
}

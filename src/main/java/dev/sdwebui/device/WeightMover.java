package dev.sdwebui.device;

/**
 * Moves one unit's weights between host RAM and the compute device. On a CPU-only run there is
 * nowhere to move to and {@link #NONE} is used: the placement logic still runs (and can be recorded).
 */
public interface WeightMover {

    WeightMover NONE = new WeightMover() {
        @Override
        public void toDevice(String unit) {
        }

        @Override
        public void toHost(String unit) {
        }
    };

    void toDevice(String unit);

    void toHost(String unit);
}

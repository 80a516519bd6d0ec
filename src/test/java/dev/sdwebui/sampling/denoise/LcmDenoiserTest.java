package dev.sdwebui.sampling.denoise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.sampling.TinyAlphas;
import dev.sdwebui.sampling.schedule.DiscreteSchedule;
import org.junit.jupiter.api.Test;

class LcmDenoiserTest {

    /** 50-step LCM schedule: timesteps 999 .. 19; boundary scalings at st = 10 t (c_skip ~ 0 for t >= 19). */
    @Test
    void lcmScheduleAndScaling() {
        float[] ac = TinyAlphas.sd1Formula();
        DiscreteSchedule full = new DiscreteSchedule(ac);
        float[] seen = new float[1];
        NoisePredictor zeroEps = (x, t, ctx) -> {
            seen[0] = t.toFloatArray()[0];
            return x.zerosLike();
        };
        LcmDenoiser lcm = new LcmDenoiser(zeroEps, ac);
        double[] s = lcm.sigmas(4);
        assertThat(s).hasSize(5);
        assertThat(s[0]).isCloseTo(full.sigma(999), within(1e-5));
        assertThat(s[3]).isCloseTo(full.sigma(19), within(1e-6));
        assertThat(s[4]).isZero();
        assertThat(lcm.sigmaToT(full.sigma(999))).isEqualTo(999);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(1, 4, 2, 2));
            float out = lcm.apply(x, new float[] {(float) full.sigma(19)}, m.zeros(new Shape(1, 77, 8))).toFloatArray()[0];
            double st = 190;
            assertThat(seen[0]).isEqualTo(19f);
            assertThat(out).isCloseTo((float) (st / Math.sqrt(st * st + 0.25) + 0.25 / (st * st + 0.25)), within(1e-6f));
        }
    }
}

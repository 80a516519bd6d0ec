package dev.sdwebui.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sdwebui.sampling.schedule.Scheduler;
import org.junit.jupiter.api.Test;

class SamplerCatalogTest {

    private final SamplerCatalog catalog = new SamplerCatalog();

    /** A1111 v1.10 sampler names in its order (sd_samplers_kdiffusion, timesteps, LCM). */
    @Test
    void listsEveryA1111SamplerInOrder() {
        assertThat(catalog.samplers()).extracting(SamplerInfo::name).containsExactly(
                "DPM++ 2M", "DPM++ SDE", "DPM++ 2M SDE", "DPM++ 2M SDE Heun", "DPM++ 2S a", "DPM++ 3M SDE",
                "Euler a", "Euler", "LMS", "Heun", "DPM2", "DPM2 a", "DPM fast", "DPM adaptive", "Restart",
                "DDIM", "DDIM CFG++", "PLMS", "UniPC", "LCM");
        assertThat(catalog.require("k_euler_a").name()).isEqualTo("Euler a");
        assertThat(catalog.require("K_EULER_ANCESTRAL").name()).isEqualTo("Euler a");
        assertThat(catalog.require("euler A").name()).isEqualTo("Euler a");
        assertThat(catalog.require("DPM++ 2M").options()).containsEntry("scheduler", "karras");
        assertThat(catalog.require("DPM++ 3M SDE").discardNextToLastSigma()).isTrue();
        assertThat(catalog.require("DPM++ 2M SDE Heun").options()).containsEntry("solver_type", "heun");
        assertThat(catalog.require("Heun").secondOrder()).isTrue();
        assertThat(catalog.require("DDIM").isTimestepSampler()).isTrue();
        assertThatThrownBy(() -> catalog.require("nope")).hasMessageStartingWith("Sampler not found: nope");
    }

    @Test
    void listsEverySchedulerWithApiFields() {
        assertThat(catalog.schedulers()).extracting(Scheduler::id).containsExactly("automatic", "uniform", "karras",
                "exponential", "polyexponential", "sgm_uniform", "kl_optimal", "align_your_steps", "simple", "normal",
                "ddim", "beta");
        assertThat(Scheduler.KARRAS.defaultRho()).isEqualTo(7.0);
        assertThat(Scheduler.POLYEXPONENTIAL.defaultRho()).isEqualTo(1.0);
        assertThat(Scheduler.SGM_UNIFORM.aliases()).containsExactly("SGMUniform");
        assertThat(Scheduler.NORMAL.needInnerModel()).isTrue();
        assertThat(Scheduler.EXPONENTIAL.needInnerModel()).isFalse();
    }

    /** A1111 get_sampler_and_scheduler on pre-1.9 names. */
    @Test
    void splitsLegacyNames() {
        SamplerChoice a = catalog.split("DPM++ 2M Karras", null, true);
        assertThat(a.sampler().name()).isEqualTo("DPM++ 2M");
        assertThat(a.scheduler()).isEqualTo(Scheduler.AUTOMATIC); // Karras is its default
        SamplerChoice b = catalog.split("DPM++ 2M Karras", null, false);
        assertThat(b.scheduler()).isEqualTo(Scheduler.KARRAS);
        SamplerChoice c = catalog.split("Euler a Exponential", "Automatic", true);
        assertThat(c.sampler().name()).isEqualTo("Euler a");
        assertThat(c.scheduler()).isEqualTo(Scheduler.EXPONENTIAL);
        SamplerChoice d = catalog.split("DPM++ SDE SGMUniform", null, true);
        assertThat(d.sampler().name()).isEqualTo("DPM++ SDE");
        assertThat(d.scheduler()).isEqualTo(Scheduler.SGM_UNIFORM);
        SamplerChoice e = catalog.split("Euler", "Karras", true);
        assertThat(e.scheduler()).isEqualTo(Scheduler.KARRAS);
        assertThat(catalog.split("unknown sampler", null, true).sampler().name()).isEqualTo("DPM++ 2M");
    }
}

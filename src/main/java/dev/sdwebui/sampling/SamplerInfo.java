package dev.sdwebui.sampling;

import dev.sdwebui.sampling.sampler.Sampler;
import dev.sdwebui.sampling.sampler.TimestepSampler;
import dev.sdwebui.sampling.schedule.Scheduler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One entry of A1111's sampler list ({@code SamplerData}): name, aliases and options as served by
 * {@code GET /sdapi/v1/samplers}, plus how to make the sampler. Exactly one of the factories is set:
 * k-diffusion samplers work on sigmas, timestep samplers on timesteps.
 */
public record SamplerInfo(String name, List<String> aliases, Map<String, Object> options,
                          Supplier<Sampler> kdiffusion, Supplier<TimestepSampler> timesteps) {

    public SamplerInfo {
        aliases = List.copyOf(aliases);
        options = Map.copyOf(options);
        if ((kdiffusion == null) == (timesteps == null)) {
            throw new IllegalArgumentException("sampler " + name + " needs exactly one factory");
        }
    }

    public boolean isTimestepSampler() {
        return timesteps != null;
    }

    /** A new k-diffusion sampler instance. */
    public Sampler newSampler() {
        if (kdiffusion == null) {
            throw new IllegalStateException(name + " is a timestep sampler");
        }
        return kdiffusion.get();
    }

    /** A new timestep sampler instance. */
    public TimestepSampler newTimestepSampler() {
        if (timesteps == null) {
            throw new IllegalStateException(name + " is a k-diffusion sampler");
        }
        return timesteps.get();
    }

    /** options['scheduler']: what "Automatic" means for this sampler (empty = the model's Uniform). */
    public Optional<Scheduler> defaultScheduler() {
        Object s = options.get("scheduler");
        return s == null ? Optional.empty() : Scheduler.find(s.toString());
    }

    public boolean flag(String option) {
        return Boolean.TRUE.equals(options.get(option));
    }

    /** Second-order samplers call the model twice per step (A1111 total_steps doubles them). */
    public boolean secondOrder() {
        return flag("second_order");
    }

    public boolean discardNextToLastSigma() {
        return flag("discard_next_to_last_sigma");
    }

    /** Whether ENSD applies (A1111 writes "ENSD" to infotext only for these). */
    public boolean usesEnsd() {
        return flag("uses_ensd");
    }

    public boolean brownianNoise() {
        return flag("brownian_noise");
    }
}

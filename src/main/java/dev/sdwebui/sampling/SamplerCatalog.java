package dev.sdwebui.sampling;

import dev.sdwebui.sampling.sampler.DdimCfgPpSampler;
import dev.sdwebui.sampling.sampler.DdimSampler;
import dev.sdwebui.sampling.sampler.Dpm2AncestralSampler;
import dev.sdwebui.sampling.sampler.Dpm2Sampler;
import dev.sdwebui.sampling.sampler.DpmAdaptiveSampler;
import dev.sdwebui.sampling.sampler.DpmFastSampler;
import dev.sdwebui.sampling.sampler.DpmppSdeSampler;
import dev.sdwebui.sampling.sampler.DpmppThreeMSdeSampler;
import dev.sdwebui.sampling.sampler.DpmppTwoMSampler;
import dev.sdwebui.sampling.sampler.DpmppTwoMSdeSampler;
import dev.sdwebui.sampling.sampler.DpmppTwoSAncestralSampler;
import dev.sdwebui.sampling.sampler.EulerAncestralSampler;
import dev.sdwebui.sampling.sampler.EulerSampler;
import dev.sdwebui.sampling.sampler.HeunSampler;
import dev.sdwebui.sampling.sampler.LcmSampler;
import dev.sdwebui.sampling.sampler.LmsSampler;
import dev.sdwebui.sampling.sampler.PlmsSampler;
import dev.sdwebui.sampling.sampler.RestartSampler;
import dev.sdwebui.sampling.sampler.Sampler;
import dev.sdwebui.sampling.sampler.TimestepSampler;
import dev.sdwebui.sampling.sampler.UniPcSampler;
import dev.sdwebui.sampling.schedule.Scheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A1111's sampler registry (v1.10: {@code sd_samplers_kdiffusion.samplers_k_diffusion}, then
 * {@code sd_samplers_timesteps.samplers_timesteps}, then LCM), with case-insensitive lookup by name
 * or alias and A1111's split of legacy names ("DPM++ 2M Karras" = DPM++ 2M + Karras).
 */
public final class SamplerCatalog {

    private final List<SamplerInfo> samplers;

    public SamplerCatalog() {
        List<SamplerInfo> l = new ArrayList<>();
        k(l, "DPM++ 2M", DpmppTwoMSampler::new, List.of("k_dpmpp_2m"), "scheduler", "karras");
        k(l, "DPM++ SDE", DpmppSdeSampler::new, List.of("k_dpmpp_sde"), "scheduler", "karras",
                "second_order", true, "brownian_noise", true);
        k(l, "DPM++ 2M SDE", () -> new DpmppTwoMSdeSampler(false), List.of("k_dpmpp_2m_sde"),
                "scheduler", "exponential", "brownian_noise", true);
        k(l, "DPM++ 2M SDE Heun", () -> new DpmppTwoMSdeSampler(true), List.of("k_dpmpp_2m_sde_heun"),
                "scheduler", "exponential", "brownian_noise", true, "solver_type", "heun");
        k(l, "DPM++ 2S a", DpmppTwoSAncestralSampler::new, List.of("k_dpmpp_2s_a"), "scheduler", "karras",
                "uses_ensd", true, "second_order", true);
        k(l, "DPM++ 3M SDE", DpmppThreeMSdeSampler::new, List.of("k_dpmpp_3m_sde"), "scheduler", "exponential",
                "discard_next_to_last_sigma", true, "brownian_noise", true);
        k(l, "Euler a", EulerAncestralSampler::new, List.of("k_euler_a", "k_euler_ancestral"), "uses_ensd", true);
        k(l, "Euler", EulerSampler::new, List.of("k_euler"));
        k(l, "LMS", LmsSampler::new, List.of("k_lms"));
        k(l, "Heun", HeunSampler::new, List.of("k_heun"), "second_order", true);
        k(l, "DPM2", Dpm2Sampler::new, List.of("k_dpm_2"), "scheduler", "karras",
                "discard_next_to_last_sigma", true, "second_order", true);
        k(l, "DPM2 a", Dpm2AncestralSampler::new, List.of("k_dpm_2_a"), "scheduler", "karras",
                "discard_next_to_last_sigma", true, "uses_ensd", true, "second_order", true);
        k(l, "DPM fast", DpmFastSampler::new, List.of("k_dpm_fast"), "uses_ensd", true);
        k(l, "DPM adaptive", DpmAdaptiveSampler::new, List.of("k_dpm_ad"), "uses_ensd", true);
        k(l, "Restart", RestartSampler::new, List.of("restart"), "scheduler", "karras", "second_order", true);
        t(l, "DDIM", () -> new DdimSampler(false), List.of("ddim"));
        t(l, "DDIM CFG++", DdimCfgPpSampler::new, List.of("ddim_cfgpp"));
        t(l, "PLMS", PlmsSampler::new, List.of("plms"));
        t(l, "UniPC", UniPcSampler::new, List.of("unipc"));
        k(l, "LCM", LcmSampler::new, List.of("k_lcm"));
        this.samplers = List.copyOf(l);
    }

    private static void k(List<SamplerInfo> l, String name, Supplier<Sampler> f, List<String> aliases, Object... kv) {
        l.add(new SamplerInfo(name, aliases, options(kv), f, null));
    }

    private static void t(List<SamplerInfo> l, String name, Supplier<TimestepSampler> f, List<String> aliases,
                          Object... kv) {
        l.add(new SamplerInfo(name, aliases, options(kv), null, f));
    }

    private static Map<String, Object> options(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Every sampler in A1111's order (the first is the default, "DPM++ 2M"). */
    public List<SamplerInfo> samplers() {
        return samplers;
    }

    /** Every scheduler in A1111's order. */
    public List<Scheduler> schedulers() {
        return List.of(Scheduler.values());
    }

    /** Case-insensitive lookup by name or alias. */
    public Optional<SamplerInfo> find(String nameOrAlias) {
        if (nameOrAlias == null) {
            return Optional.empty();
        }
        String key = nameOrAlias.trim().toLowerCase(Locale.ROOT);
        return samplers.stream().filter(s -> s.name().toLowerCase(Locale.ROOT).equals(key)
                || s.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(key))).findFirst();
    }

    /** The sampler or a clear error naming the known ones (A1111's API answers 404 "Sampler not found"). */
    public SamplerInfo require(String nameOrAlias) {
        return find(nameOrAlias).orElseThrow(() -> new IllegalArgumentException("Sampler not found: " + nameOrAlias
                + " (known: " + String.join(", ", samplers.stream().map(SamplerInfo::name).toList()) + ")"));
    }

    /**
     * A1111 {@code get_sampler_and_scheduler}: a trailing scheduler label or alias in the sampler name
     * ("DPM++ 2M Karras", "Euler a SGMUniform") wins over {@code schedulerName}; unknown names fall
     * back to the first sampler / Automatic; a scheduler equal to the sampler's default becomes
     * Automatic when {@code convertAutomatic}.
     */
    public SamplerChoice split(String samplerName, String schedulerName, boolean convertAutomatic) {
        Scheduler scheduler = Scheduler.find(schedulerName).orElse(Scheduler.AUTOMATIC);
        String name = samplerName == null || samplerName.isBlank() ? samplers.get(0).name() : samplerName.trim();
        for (Scheduler s : Scheduler.values()) {
            List<String> options = new ArrayList<>();
            options.add(s.label());
            options.addAll(s.aliases());
            for (String option : options) {
                if (name.endsWith(" " + option)) {
                    scheduler = s;
                    name = name.substring(0, name.length() - option.length() - 1);
                    break;
                }
            }
        }
        SamplerInfo sampler = find(name).orElse(samplers.get(0));
        Scheduler found = scheduler;
        if (convertAutomatic && sampler.defaultScheduler().map(d -> d == found).orElse(false)) {
            return new SamplerChoice(sampler, Scheduler.AUTOMATIC);
        }
        return new SamplerChoice(sampler, scheduler);
    }
}

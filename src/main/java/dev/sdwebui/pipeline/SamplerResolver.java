package dev.sdwebui.pipeline;

import dev.sdwebui.sampling.SamplerCatalog;
import dev.sdwebui.sampling.schedule.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * A1111's API check {@code validate_sampler_name}: the name, or the name with a trailing scheduler
 * ("DPM++ 2M Karras"), must be a known sampler; otherwise "Sampler not found". Null/blank means the
 * default sampler.
 */
final class SamplerResolver {

    private SamplerResolver() {
    }

    static void require(SamplerCatalog catalog, String name) {
        if (name == null || name.isBlank() || catalog.find(name).isPresent()) {
            return;
        }
        String n = name.trim();
        for (Scheduler s : Scheduler.values()) {
            List<String> options = new ArrayList<>(List.of(s.label(), s.id()));
            options.addAll(s.aliases());
            for (String option : options) {
                if (n.endsWith(" " + option) && catalog.find(n.substring(0, n.length() - option.length() - 1)).isPresent()) {
                    return;
                }
            }
        }
        throw new SamplerNotFoundException(name);
    }
}

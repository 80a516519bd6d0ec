package dev.sdwebui.sampling;

import dev.sdwebui.sampling.schedule.Scheduler;

/** A sampler and a scheduler, e.g. from splitting "DPM++ 2M Karras". */
public record SamplerChoice(SamplerInfo sampler, Scheduler scheduler) {
}

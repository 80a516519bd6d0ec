package dev.sdwebui.prompt.cond;

/** One AND sub-prompt of an image: its schedule and composable weight. */
public record ComposableConditioning(ScheduledConditioning schedule, double weight) {
}

package dev.sdwebui.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static JobEvent event(JobEventType type, int jobNo, int jobCount, int step, int steps, String message) {
        ProgressState state = new ProgressState(false, false, false, "txt2img", jobCount, "0", jobNo, step, steps);
        ProgressSnapshot snapshot = ProgressSnapshot.compute(state, 1, null, null, "task(a)");
        return new JobEvent(1, type, "task(a)", "txt2img", 0, snapshot, message, false);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void drawsATqdmLikeBarOverAllIterationsAndEndsTheLine() {
        ConsoleProgress console = new ConsoleProgress(out, true, false, clock);
        console.accept(event(JobEventType.STARTED, 0, 2, 0, 10, "a cat"));
        clock.advance(Duration.ofSeconds(2));
        console.accept(event(JobEventType.PROGRESS, 0, 2, 10, 10, null));
        clock.advance(Duration.ofSeconds(2));
        console.accept(event(JobEventType.DONE, 1, 2, 10, 10, null));

        String[] frames = printed().split("\r");
        assertThat(frames[1]).isEqualTo("txt2img:  50%|████████████▌            | 10/20 [00:02<00:02,  5.00it/s]");
        assertThat(frames[2]).isEqualTo("txt2img: 100%|█████████████████████████| 20/20 [00:04<00:00,  5.00it/s]\n"
                .replace("\n", System.lineSeparator()));
        assertThat(printed()).doesNotContain("a cat");
    }

    @Test
    void printsPromptsWhenAskedAndNoBarWhenBarsAreOff() {
        ConsoleProgress console = new ConsoleProgress(out, false, true, clock);
        console.accept(event(JobEventType.STARTED, 0, 1, 0, 10, "a cat, best quality"));
        console.accept(event(JobEventType.PROGRESS, 0, 1, 5, 10, null));
        console.accept(event(JobEventType.DONE, 1, 1, 10, 10, null));

        String nl = System.lineSeparator();
        assertThat(printed()).isEqualTo(nl + "txt2img: a cat, best quality" + nl);
    }

    @Test
    void reportsFailures() {
        ConsoleProgress console = new ConsoleProgress(out, true, false, clock);
        console.accept(event(JobEventType.STARTED, 0, 1, 0, 10, null));
        console.accept(event(JobEventType.FAILED, 0, 1, 3, 10, "Sampler not found"));
        assertThat(printed()).contains("3/10").endsWith(" failed: Sampler not found" + System.lineSeparator());
    }

    @Test
    void barHandlesEdges() {
        assertThat(ConsoleProgress.bar(0, 10)).isEqualTo(" ".repeat(25));
        assertThat(ConsoleProgress.bar(10, 10)).isEqualTo("█".repeat(25));
        assertThat(ConsoleProgress.clockTime(3725)).isEqualTo("1:02:05");
        assertThat(ConsoleProgress.clockTime(65)).isEqualTo("01:05");
    }

    @Test
    void theQueuePrintsThroughItOnlyWhenEnabled() throws Exception {
        QueueOptions on = JobQueueTest.quiet().withConsole(true, true, out);
        try (JobQueue queue = new JobQueue(on)) {
            queue.submit(JobSpec.of("txt2img", JobEventsTest.fiveSteps()).withPrompt("a red fox"))
                    .await(Duration.ofSeconds(10));
        } // close() drains the dispatcher, so everything is printed by now
        assertThat(printed()).contains(System.lineSeparator() + "txt2img: a red fox" + System.lineSeparator())
                .contains("100%|").contains("5/5").endsWith(System.lineSeparator());

        bytes.reset();
        try (JobQueue queue = new JobQueue(JobQueueTest.quiet().withConsole(false, false, out))) {
            queue.submit(JobSpec.of("txt2img", JobEventsTest.fiveSteps()).withPrompt("a red fox"))
                    .await(Duration.ofSeconds(10));
        }
        assertThat(printed()).isEmpty();
    }
}

package dev.sdwebui.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionTest {

    @Test
    void keepsOnlyTheLastNFinishedJobsAndForgetsThemAfterTheTtl() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
        QueueOptions options = JobQueueTest.quiet().withClock(clock).withRetention(2, Duration.ofHours(1));
        try (JobQueue queue = new JobQueue(options)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                JobHandle<Integer> handle = queue.submit(JobSpec.of("txt2img", ctx -> n));
                handle.await(Duration.ofSeconds(10));
                ids.add(handle.id());
                clock.advance(Duration.ofMinutes(10));
            }
            assertThat(queue.find(ids.get(0))).as("evicted by count").isEmpty();
            assertThat(queue.find(ids.get(1)).orElseThrow().result()).isEqualTo(1);
            assertThat(queue.find(ids.get(2)).orElseThrow().resultAs(Integer.class)).contains(2);
            assertThat(queue.retainedCount()).isEqualTo(2);

            clock.advance(Duration.ofMinutes(45)); // now 75 min: job 1 finished at 10 (65 min ago), job 2 at 20
            assertThat(queue.find(ids.get(1))).as("older than an hour").isEmpty();
            assertThat(queue.find(ids.get(2))).isPresent();
            clock.advance(Duration.ofHours(1));
            assertThat(queue.find(ids.get(2))).isEmpty();
            assertThat(queue.retainedCount()).isZero();
        }
    }
}

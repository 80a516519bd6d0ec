package dev.sdwebui.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ProgressSnapshotTest {

    private static ProgressState state(int jobNo, int jobCount, int step, int steps) {
        return new ProgressState(false, false, false, "txt2img", jobCount, "20240101120000", jobNo, step, steps);
    }

    @Test
    void idleIsZeroProgressAndZeroEta() {
        ProgressSnapshot idle = ProgressSnapshot.compute(ProgressState.IDLE, 12.0, null, null, null);
        assertThat(idle.progress()).isZero();
        assertThat(idle.etaRelative()).isZero();
        assertThat(ProgressSnapshot.IDLE.state().job()).isEmpty();
        assertThat(ProgressSnapshot.IDLE.state().jobTimestamp()).isEqualTo("0");
    }

    @Test
    void followsA1111Formula() {
        // 0.01 + 1/2 + (1/2) * 5/10 = 0.76; eta = 19/0.76 - 19 = 6.0
        ProgressSnapshot s = ProgressSnapshot.compute(state(1, 2, 5, 10), 19.0, null, "Sampling", "task(x)");
        assertThat(s.progress()).isCloseTo(0.76, within(1e-12));
        assertThat(s.etaRelative()).isCloseTo(19.0 / 0.76 - 19.0, within(1e-9));
        assertThat(s.textinfo()).isEqualTo("Sampling");
        assertThat(s.currentTask()).isEqualTo("task(x)");
    }

    @Test
    void startOfAJobHasTheOnePercentFloorAndNoDivisionByZero() {
        ProgressSnapshot s = ProgressSnapshot.compute(state(0, 1, 0, 0), 0.5, null, null, null);
        assertThat(s.progress()).isCloseTo(0.01, within(1e-12));
        assertThat(s.etaRelative()).isCloseTo(0.5 / 0.01 - 0.5, within(1e-9));
    }

    @Test
    void progressIsClampedToOneButEtaUsesTheUnclampedValue() {
        // the last step of the last iteration: 0.01 + 0 + 1 = 1.01 (A1111 clamps after computing eta)
        ProgressSnapshot s = ProgressSnapshot.compute(state(0, 1, 10, 10), 10.1, null, null, null);
        assertThat(s.progress()).isEqualTo(1.0);
        assertThat(s.etaRelative()).isCloseTo(10.1 / 1.01 - 10.1, within(1e-9));
        assertThat(s.etaRelative()).isNegative();
    }

    @Test
    void validatesRanges() {
        assertThatThrownBy(() -> new ProgressSnapshot(1.5, 0, ProgressState.IDLE, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state(-1, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theQueueReportsLiveProgressEtaAndPreviewOfTheRunningJob() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2024-03-05T10:20:30Z"));
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        try (JobQueue queue = new JobQueue(JobQueueTest.quiet().withClock(clock))) {
            assertThat(queue.progress(true)).isEqualTo(ProgressSnapshot.IDLE);
            JobHandle<String> handle = queue.submit(JobSpec.of("txt2img", ctx -> {
                ctx.setJobCount(2);
                ctx.setSteps(10);
                for (int i = 0; i < 5; i++) {
                    ctx.step();
                }
                ctx.textinfo("Sampling");
                ctx.preview(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB));
                paused.countDown();
                resume.await();
                return ctx.jobTimestamp();
            }));
            paused.await();
            clock.advance(Duration.ofSeconds(13));

            ProgressSnapshot s = queue.progress(true);
            assertThat(s.progress()).isCloseTo(0.26, within(1e-12));
            assertThat(s.etaRelative()).isCloseTo(13 / 0.26 - 13, within(1e-9));
            assertThat(s.state()).isEqualTo(new ProgressState(false, false, false, "txt2img", 2,
                    "20240305102030", 0, 5, 10));
            assertThat(s.textinfo()).isEqualTo("Sampling");
            assertThat(s.currentTask()).isEqualTo(handle.id());
            assertThat(s.currentImage()).isNotNull();
            assertThat(s.currentImage().id()).isEqualTo(1);
            assertThat(queue.progress(false).currentImage()).isNull();
            assertThat(queue.progress(handle.id(), false).orElseThrow().progress()).isCloseTo(0.26, within(1e-12));

            resume.countDown();
            assertThat(handle.await(Duration.ofSeconds(10))).isEqualTo("20240305102030");
            assertThat(queue.progress(true)).isEqualTo(ProgressSnapshot.IDLE);
            ProgressSnapshot last = queue.find(handle.id()).orElseThrow().progress();
            assertThat(last.progress()).isEqualTo(1.0);
            assertThat(last.currentImage()).as("previews are dropped when the job ends").isNull();
        }
    }
}

package dev.sdwebui.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobQueueTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private JobQueue queue = new JobQueue(quiet());

    static QueueOptions quiet() {
        return QueueOptions.defaults().withConsole(false, false, System.err).withShutdownGrace(Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        queue.close();
    }

    /** A fake generation: a few tiny steps, then its seed back. */
    static JobWork<Long> seedWork(long seed, AtomicInteger running, AtomicInteger maxRunning) {
        return ctx -> {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            ctx.setSteps(3);
            for (int i = 0; i < 3; i++) {
                ctx.step();
            }
            running.decrementAndGet();
            return seed;
        };
    }

    @Test
    void fiftyConcurrentSubmissionsAllCompleteWithTheirOwnResultOneAtATime() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        int threads = 10;
        int perThread = 5;
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<long[]>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(clients.submit(() -> {
                    start.await();
                    List<JobHandle<Long>> handles = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        long seed = 1000L * thread + i;
                        handles.add(queue.submit(JobSpec.of("txt2img", seedWork(seed, running, maxRunning))));
                    }
                    List<long[]> pairs = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        pairs.add(new long[] {1000L * thread + i, handles.get(i).await(WAIT)});
                    }
                    return pairs;
                }));
            }
            start.countDown();
            int completed = 0;
            for (Future<List<long[]>> future : futures) {
                for (long[] pair : future.get(30, TimeUnit.SECONDS)) {
                    assertThat(pair[1]).as("result of the job submitted with seed %d", pair[0]).isEqualTo(pair[0]);
                    completed++;
                }
            }
            assertThat(completed).isEqualTo(threads * perThread);
            assertThat(maxRunning.get()).as("jobs never run side by side").isEqualTo(1);
            assertThat(queue.waitingCount()).isZero();
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void jobsRunInSubmissionOrderWithAModelSwitchBetweenGenerations() throws Exception {
        Gate gate = new Gate();
        queue.submit(JobSpec.of("gate", gate));
        gate.awaitEntered();
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<JobHandle<?>> handles = new ArrayList<>();
        handles.add(queue.submit(JobSpec.of("txt2img", ctx -> order.add("gen-1"))));
        handles.add(queue.submit(JobSpec.of("switch model", ctx -> {
            ctx.textinfo("Loading model");
            return order.add("switch");
        })));
        handles.add(queue.submit(JobSpec.of("txt2img", ctx -> order.add("gen-2"))));
        gate.release();
        for (JobHandle<?> handle : handles) {
            handle.await(WAIT);
        }
        assertThat(order).containsExactly("gen-1", "switch", "gen-2");
    }

    @Test
    void aFullQueueRefusesWithAMessage() throws Exception {
        queue.close();
        queue = new JobQueue(quiet().withMaxQueued(2));
        Gate gate = new Gate();
        queue.submit(JobSpec.of("gate", gate));
        gate.awaitEntered();
        queue.submit(JobSpec.of("txt2img", ctx -> 1));
        queue.submit(JobSpec.of("txt2img", ctx -> 2));

        assertThatThrownBy(() -> queue.submit(JobSpec.of("txt2img", ctx -> 3)))
                .isInstanceOf(QueueFullException.class)
                .hasMessageContaining("queue is full").hasMessageContaining("2 jobs waiting");
        gate.release();
    }

    @Test
    void interruptStopsTheWorkAfterTheCurrentStepAndKeepsWhatItMade() throws Exception {
        CountDownLatch atStepFive = new CountDownLatch(1);
        CountDownLatch interruptSent = new CountDownLatch(1);
        JobHandle<Integer> handle = queue.submit(JobSpec.of("txt2img", ctx -> {
            ctx.setSteps(20);
            int done = 0;
            while (done < 20 && !ctx.shouldStopSampling()) {
                ctx.step();
                done++;
                if (done == 5) {
                    atStepFive.countDown();
                    interruptSent.await();
                }
            }
            return done;
        }));
        atStepFive.await();
        assertThat(queue.interruptCurrent()).isTrue();
        interruptSent.countDown();

        assertThat(handle.await(WAIT)).isEqualTo(5);
        JobView view = queue.find(handle.id()).orElseThrow();
        assertThat(view.state()).isEqualTo(JobState.DONE);
        assertThat(view.interrupted()).isTrue();
        assertThat(view.result()).isEqualTo(5);
        assertThat(queue.interruptCurrent()).as("nothing runs any more").isFalse();
    }

    @Test
    void skipEndsOnlyTheCurrentIteration() throws Exception {
        CountDownLatch inSecondImage = new CountDownLatch(1);
        CountDownLatch skipSent = new CountDownLatch(1);
        JobHandle<List<Integer>> handle = queue.submit(JobSpec.of("txt2img", ctx -> {
            ctx.setJobCount(3);
            List<Integer> stepsPerImage = new ArrayList<>();
            for (int image = 0; image < 3 && !ctx.isInterrupted(); image++) {
                ctx.setSteps(10);
                int done = 0;
                while (done < 10 && !ctx.shouldStopSampling()) {
                    ctx.step();
                    done++;
                    if (image == 1 && done == 3) {
                        inSecondImage.countDown();
                        skipSent.await();
                    }
                }
                stepsPerImage.add(done);
                ctx.nextJob();
            }
            return stepsPerImage;
        }));
        inSecondImage.await();
        assertThat(queue.skipCurrent()).isTrue();
        assertThat(queue.progress(false).state().skipped()).isTrue();
        skipSent.countDown();

        assertThat(handle.await(WAIT)).containsExactly(10, 3, 10);
        assertThat(queue.find(handle.id()).orElseThrow().interrupted()).isFalse();
    }

    @Test
    void aThrowingJobFailsCleanlyAndTheWorkerCarriesOn() throws Exception {
        JobHandle<Object> bad = queue.submit(JobSpec.of("txt2img", ctx -> {
            throw new IllegalArgumentException("Width and height must be multiples of 8, got 500x512\n\tat somewhere");
        }));
        JobHandle<Object> oom = queue.submit(JobSpec.of("txt2img", ctx -> {
            throw new OutOfMemoryError("native tensor");
        }));
        JobHandle<Object> selfInterrupting = queue.submit(JobSpec.of("txt2img", ctx -> {
            Thread.currentThread().interrupt();
            return "ok";
        }));
        JobHandle<String> next = queue.submit(JobSpec.of("txt2img", ctx -> "healthy"));

        assertThatThrownBy(() -> bad.await(WAIT)).isInstanceOf(JobFailedException.class)
                .hasMessage("Width and height must be multiples of 8, got 500x512");
        assertThatThrownBy(() -> oom.await(WAIT)).isInstanceOf(JobFailedException.class)
                .hasMessage("Out of memory: native tensor");
        assertThat(selfInterrupting.await(WAIT)).isEqualTo("ok");
        assertThat(next.await(WAIT)).isEqualTo("healthy");
        JobView failed = queue.find(bad.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).isEqualTo("Width and height must be multiples of 8, got 500x512");
        assertThat(failed.result()).isNull();
        assertThat(queue.find(next.id()).orElseThrow().state()).isEqualTo(JobState.DONE);
    }

    @Test
    void cancellingAWaitingJobCancelsItAtOnceAndItNeverRuns() throws Exception {
        Gate gate = new Gate();
        queue.submit(JobSpec.of("gate", gate));
        gate.awaitEntered();
        AtomicBoolean ran = new AtomicBoolean();
        JobHandle<String> b = queue.submit(JobSpec.of("txt2img", ctx -> {
            ran.set(true);
            return "b";
        }));
        JobHandle<String> c = queue.submit(JobSpec.of("txt2img", ctx -> "c"));
        assertThat(queue.queuePosition(c.id())).isEqualTo(2);

        assertThat(queue.cancel(b.id())).isEqualTo(CancelOutcome.CANCELLED);
        assertThat(queue.find(b.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(queue.queuePosition(c.id())).isEqualTo(1);
        assertThatThrownBy(() -> b.await(WAIT)).isInstanceOf(JobCancelledException.class);
        assertThat(queue.cancel(b.id())).isEqualTo(CancelOutcome.ALREADY_FINISHED);
        assertThat(queue.cancel("task(nope)")).isEqualTo(CancelOutcome.NOT_FOUND);

        gate.release();
        assertThat(c.await(WAIT)).isEqualTo("c");
        assertThat(ran).isFalse();
    }

    @Test
    void cancellingTheRunningJobInterruptsItAndEndsCancelledWithThePartialResult() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        JobHandle<Integer> handle = queue.submit(JobSpec.of("txt2img", ctx -> {
            ctx.setSteps(1000);
            started.countDown();
            int done = 0;
            while (!ctx.isInterrupted()) {
                ctx.step();
                done++;
                Thread.onSpinWait();
            }
            return done;
        }));
        started.await();
        assertThat(queue.cancel(handle.id())).isEqualTo(CancelOutcome.STOPPING);

        assertThatThrownBy(() -> handle.await(WAIT)).isInstanceOf(JobCancelledException.class);
        JobView view = queue.find(handle.id()).orElseThrow();
        assertThat(view.state()).isEqualTo(JobState.CANCELLED);
        assertThat(view.interrupted()).isTrue();
        assertThat(view.resultAs(Integer.class)).isPresent();
    }

    @Test
    void aJobInterruptedExceptionEndsTheJobAsInterruptedNotFailed() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        JobHandle<String> handle = queue.submit(JobSpec.of("txt2img", ctx -> {
            started.countDown();
            while (true) {
                ctx.throwIfInterrupted();
                Thread.onSpinWait();
            }
        }));
        started.await();
        queue.interruptCurrent();
        assertThat(handle.await(WAIT)).isNull();
        JobView view = queue.find(handle.id()).orElseThrow();
        assertThat(view.state()).isEqualTo(JobState.DONE);
        assertThat(view.interrupted()).isTrue();
    }

    @Test
    void queuePositionsFollowTheLine() throws Exception {
        Gate gate = new Gate();
        JobHandle<String> running = queue.submit(JobSpec.of("gate", gate));
        gate.awaitEntered();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(queue.submit(JobSpec.of("txt2img", ctx -> "x")).id());
        }
        assertThat(queue.queuePosition(running.id())).isZero();
        assertThat(ids).extracting(queue::queuePosition).containsExactly(1, 2, 3);
        assertThat(queue.pending()).extracting(JobView::id).containsExactlyElementsOf(ids);
        assertThat(queue.pending()).extracting(JobView::queuePosition).containsExactly(1, 2, 3);
        assertThat(queue.current().orElseThrow().id()).isEqualTo(running.id());
        assertThat(queue.find(ids.get(2)).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        gate.release();
    }

    @Test
    void idsAreA1111StyleUnlessForcedAndAForcedIdCannotCollideWithALiveJob() throws Exception {
        Gate gate = new Gate();
        JobHandle<String> generated = queue.submit(JobSpec.of("txt2img", gate));
        assertThat(generated.id()).matches("task\\(txt2img-[A-Z0-9]{7}\\)");
        gate.awaitEntered();
        JobHandle<String> forced = queue.submit(JobSpec.of("txt2img", ctx -> "f").withId("task(my-own-id)"));
        assertThat(forced.id()).isEqualTo("task(my-own-id)");
        assertThatThrownBy(() -> queue.submit(JobSpec.of("txt2img", ctx -> "g").withId("task(my-own-id)")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already in use");
        assertThatThrownBy(() -> JobSpec.of("txt2img", ctx -> "g").withId("../etc"))
                .isInstanceOf(IllegalArgumentException.class);
        gate.release();
        assertThat(forced.await(WAIT)).isEqualTo("f");
    }

    @Test
    void closeCancelsWaitingJobsLetsTheRunningOneFinishAndRefusesNewOnes() throws Exception {
        Gate gate = new Gate();
        JobHandle<String> running = queue.submit(JobSpec.of("gate", gate));
        gate.awaitEntered();
        JobHandle<String> waiting = queue.submit(JobSpec.of("txt2img", ctx -> "never"));
        Thread closer = new Thread(queue::close);
        closer.start();

        assertThatThrownBy(() -> waiting.await(WAIT)).isInstanceOf(JobCancelledException.class);
        gate.release();
        closer.join(WAIT.toMillis());
        assertThat(closer.isAlive()).isFalse();
        assertThat(running.await(WAIT)).isEqualTo("gate");
        assertThatThrownBy(() -> queue.submit(JobSpec.of("txt2img", ctx -> "late")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down");
    }
}

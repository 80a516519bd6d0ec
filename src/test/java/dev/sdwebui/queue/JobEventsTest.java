package dev.sdwebui.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final JobQueue queue = new JobQueue(JobQueueTest.quiet());

    @AfterEach
    void close() {
        queue.close();
    }

    /** Collects events and opens a latch on the terminal one. */
    static final class Recorder implements java.util.function.Consumer<JobEvent> {
        final List<JobEvent> events = new CopyOnWriteArrayList<>();
        final CountDownLatch terminal = new CountDownLatch(1);

        @Override
        public void accept(JobEvent event) {
            events.add(event);
            if (event.type().isTerminal()) {
                terminal.countDown();
            }
        }

        void awaitTerminal() throws InterruptedException {
            assertThat(terminal.await(10, TimeUnit.SECONDS)).as("terminal event delivered").isTrue();
        }

        List<JobEventType> types() {
            return events.stream().map(JobEvent::type).toList();
        }
    }

    static JobWork<String> fiveSteps() {
        return ctx -> {
            ctx.setSteps(5);
            for (int i = 0; i < 5; i++) {
                ctx.step();
            }
            return "done";
        };
    }

    /** Bounded wait for something a dispatcher thread does right after delivering (no fixed sleep). */
    static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition reached in time").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void aSubscriberSeesOrderedEventsEndingInOneTerminalEvent() throws Exception {
        Gate gate = new Gate();
        queue.submit(JobSpec.of("gate", gate));
        gate.awaitEntered();
        JobHandle<String> handle = queue.submit(JobSpec.of("txt2img", fiveSteps()).withPrompt("a cat"));
        Recorder recorder = new Recorder();
        Subscription subscription = queue.subscribe(handle.id(), recorder);
        gate.release();
        recorder.awaitTerminal();

        assertThat(recorder.types()).containsExactly(JobEventType.QUEUED, JobEventType.STARTED,
                JobEventType.PROGRESS, JobEventType.PROGRESS, JobEventType.PROGRESS, JobEventType.PROGRESS,
                JobEventType.PROGRESS, JobEventType.PROGRESS, JobEventType.DONE);
        List<JobEvent> events = recorder.events;
        assertThat(events.get(0).queuePosition()).isEqualTo(1);
        assertThat(events.get(1).message()).isEqualTo("a cat");
        assertThat(events.subList(2, 8)).extracting(e -> e.progress().state().samplingStep())
                .containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(events).extracting(JobEvent::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(events).allMatch(e -> e.jobId().equals(handle.id()));
        assertThat(events.get(8).progress().progress()).isEqualTo(1.0);
        eventually(() -> !subscription.isActive());
        assertThat(queue.jobSubscriptionCount()).as("no leak").isZero();
    }

    @Test
    void waitingSubscribersLearnTheirNewPlaceInLine() throws Exception {
        Gate gate = new Gate();
        queue.submit(JobSpec.of("gate", gate));
        gate.awaitEntered();
        JobHandle<String> first = queue.submit(JobSpec.of("txt2img", ctx -> "1"));
        JobHandle<String> second = queue.submit(JobSpec.of("txt2img", ctx -> "2"));
        Recorder recorder = new Recorder();
        queue.subscribe(second.id(), recorder);
        queue.cancel(first.id());
        gate.release();
        recorder.awaitTerminal();

        assertThat(recorder.events).filteredOn(e -> e.type() == JobEventType.QUEUED)
                .extracting(JobEvent::queuePosition).containsExactly(2, 1);
    }

    @Test
    void aSlowSubscriberNeverBlocksTheJobAndStillGetsTheTerminalEvent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstDelivered = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        Gate gate = new Gate();
        queue.submit(JobSpec.of("gate", gate));
        gate.awaitEntered();
        JobHandle<String> handle = queue.submit(JobSpec.of("txt2img", ctx -> {
            ctx.setSteps(2000);
            for (int i = 0; i < 2000; i++) {
                ctx.step();
            }
            return "fast";
        }));
        Subscription subscription = queue.subscribe(handle.id(), event -> {
            firstDelivered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            recorder.accept(event);
        });
        firstDelivered.await();
        gate.release();

        // The job finishes while the listener is still stuck in its first event.
        assertThat(handle.await(WAIT)).isEqualTo("fast");
        assertThat(recorder.events).isEmpty();
        release.countDown();
        recorder.awaitTerminal();

        assertThat(recorder.types()).first().isEqualTo(JobEventType.QUEUED);
        assertThat(recorder.types()).contains(JobEventType.STARTED).last().isEqualTo(JobEventType.DONE);
        assertThat(recorder.events.size()).as("intermediate progress dropped").isLessThan(100);
        assertThat(subscription.droppedEvents()).isGreaterThan(1900);
        assertThat(recorder.events).extracting(JobEvent::sequence).isSorted();
    }

    @Test
    void subscribingToARunningJobStartsWithStartedAndItsCurrentProgress() throws Exception {
        CountDownLatch atStep3 = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        JobHandle<String> handle = queue.submit(JobSpec.of("txt2img", ctx -> {
            ctx.setSteps(4);
            for (int i = 0; i < 4; i++) {
                ctx.step();
                if (i == 2) {
                    atStep3.countDown();
                    go.await();
                }
            }
            ctx.preview(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB));
            return "ok";
        }));
        atStep3.await();
        Recorder recorder = new Recorder();
        queue.subscribe(handle.id(), recorder);
        go.countDown();
        recorder.awaitTerminal();

        assertThat(recorder.types()).containsExactly(JobEventType.STARTED, JobEventType.PROGRESS,
                JobEventType.PROGRESS, JobEventType.PREVIEW, JobEventType.DONE);
        assertThat(recorder.events.get(1).progress().state().samplingStep()).isEqualTo(3);
        PreviewImage preview = recorder.events.get(3).progress().currentImage();
        assertThat(preview).isNotNull();
        assertThat(preview.png()).isNotEmpty();
        assertThat(recorder.events.get(4).progress().currentImage()).isNull();
    }

    @Test
    void subscribingToAFinishedJobDeliversItsTerminalEventAndEnds() throws Exception {
        JobHandle<Object> failed = queue.submit(JobSpec.of("txt2img", ctx -> {
            throw new IllegalStateException("Sampler not found");
        }));
        assertThatThrownBy(() -> failed.await(WAIT)).isInstanceOf(JobFailedException.class);
        Recorder recorder = new Recorder();
        Subscription subscription = queue.subscribe(failed.id(), recorder);
        recorder.awaitTerminal();

        assertThat(recorder.types()).containsExactly(JobEventType.FAILED);
        assertThat(recorder.events.get(0).message()).isEqualTo("Sampler not found");
        eventually(() -> !subscription.isActive());
        assertThat(queue.jobSubscriptionCount()).isZero();
        assertThatThrownBy(() -> queue.subscribe("task(unknown)", e -> { }))
                .isInstanceOf(JobNotFoundException.class).hasMessageContaining("task(unknown)");
    }

    @Test
    void unsubscribingAndThrowingListenersLeaveNothingBehindAndDoNotHurtTheJob() throws Exception {
        Gate gate = new Gate();
        queue.submit(JobSpec.of("gate", gate));
        gate.awaitEntered();
        JobHandle<String> handle = queue.submit(JobSpec.of("txt2img", fiveSteps()));
        Subscription closed = queue.subscribe(handle.id(), e -> { });
        closed.close();
        closed.close();
        Subscription throwing = queue.subscribe(handle.id(), e -> {
            throw new IllegalStateException("client went away");
        });
        Recorder all = new Recorder();
        Subscription everyJob = queue.subscribeAll(all);
        gate.release();

        assertThat(handle.await(WAIT)).isEqualTo("done");
        eventually(() -> all.events.stream().anyMatch(e -> e.jobId().equals(handle.id()) && e.type().isTerminal()));
        assertThat(closed.isActive()).isFalse();
        eventually(() -> !throwing.isActive());
        assertThat(queue.jobSubscriptionCount()).isZero();
        everyJob.close();
        assertThat(everyJob.isActive()).isFalse();
    }
}

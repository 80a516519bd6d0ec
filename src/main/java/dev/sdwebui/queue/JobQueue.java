package dev.sdwebui.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job queue of one device: a FIFO of bounded length and one worker thread that runs one job at a
 * time, so GPU/CPU work is serialised and a model switch (submitted as a job like any other) never runs
 * beside a generation.
 *
 * <p>Replaces A1111's {@code queue_lock} + global {@code shared.state} + {@code modules/progress.py}
 * bookkeeping. Semantics:
 * <ul>
 *   <li>{@link #interruptCurrent()} (A1111 /interrupt): the running job's work sees
 *       {@link JobContext#isInterrupted()}, stops after its step and returns what it has: DONE, interrupted.</li>
 *   <li>{@link #skipCurrent()} (A1111 /skip): ends the current iteration only.</li>
 *   <li>{@link #cancel(String)} (v2 DELETE): a waiting job is CANCELLED at once; a running one is
 *       interrupted and ends CANCELLED (its partial result stays readable in {@link JobView#result()}).</li>
 *   <li>A job whose work throws ends FAILED with a clean message; the worker carries on.</li>
 *   <li>{@link #close()}: no new jobs, waiting ones CANCELLED, the running one may finish
 *       ({@code shutdownGrace}, then it is interrupted).</li>
 * </ul>
 */
public final class JobQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);

    private final QueueOptions options;
    private final Object lock = new Object();
    private final QueueShared shared;
    private final EventHub hub;
    private final TaskIds ids = new TaskIds();
    private final ArrayDeque<JobRecord> waiting = new ArrayDeque<>();
    private final Map<String, JobRecord> live = new HashMap<>();
    private final FinishedJobs finished;
    private final Thread worker;
    private JobRecord running;
    private boolean closing;

    public JobQueue(QueueOptions options) {
        this.options = options;
        this.hub = new EventHub(options.device(), options.dispatchThreads(), options.subscriberBuffer());
        this.shared = new QueueShared(lock, options.clock(), hub, new AtomicLong());
        this.finished = new FinishedJobs(options.retainFinished(), options.retainFor());
        if (options.consoleProgress() || options.consolePrompts()) {
            hub.subscribeAll(new ConsoleProgress(options.console(), options.consoleProgress(),
                    options.consolePrompts(), options.clock()));
        }
        this.worker = new Thread(new Worker(this), "sd-queue-worker-" + options.device());
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Queues a job. Never blocks.
     *
     * @throws QueueFullException       when {@code maxQueued} jobs are already waiting (API: 503)
     * @throws IllegalArgumentException when the spec's id belongs to a job still queued or running
     * @throws IllegalStateException    after {@link #close()}
     */
    @SuppressWarnings("unchecked")
    public <R> JobHandle<R> submit(JobSpec<R> spec) {
        synchronized (lock) {
            if (closing) {
                throw new IllegalStateException("The job queue is shut down");
            }
            if (waiting.size() >= options.maxQueued()) {
                throw new QueueFullException(options.maxQueued());
            }
            String id = spec.id() != null ? spec.id() : freshId(spec.job());
            if (live.containsKey(id)) {
                throw new IllegalArgumentException("Task id already in use: " + id);
            }
            JobRecord job = new JobRecord(shared, id, spec);
            waiting.addLast(job);
            live.put(id, job);
            job.publish(JobEventType.QUEUED, waiting.size(), null);
            lock.notifyAll();
            return new JobHandle<>(id, (java.util.concurrent.CompletableFuture<R>) job.future);
        }
    }

    private String freshId(String job) {
        String id;
        do {
            id = ids.next(job);
        } while (live.containsKey(id));
        return id;
    }

    /** The job, whether waiting, running or recently finished. */
    public Optional<JobView> find(String id) {
        synchronized (lock) {
            JobRecord job = lookup(id);
            return job == null ? Optional.empty() : Optional.of(job.view(position(job)));
        }
    }

    /** 1-based place in the waiting line (1 = runs next); 0 when running, finished or unknown. */
    public int queuePosition(String id) {
        synchronized (lock) {
            JobRecord job = live.get(id);
            return job == null ? 0 : position(job);
        }
    }

    /** Waiting jobs, first to run first (A1111 {@code /internal/pending-tasks}). */
    public List<JobView> pending() {
        synchronized (lock) {
            List<JobView> views = new ArrayList<>(waiting.size());
            int position = 1;
            for (JobRecord job : waiting) {
                views.add(job.view(position++));
            }
            return views;
        }
    }

    /** Number of jobs waiting (the running one not counted). */
    public int waitingCount() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    /** The running job, if any. */
    public Optional<JobView> current() {
        synchronized (lock) {
            return running == null ? Optional.empty() : Optional.of(running.view(0));
        }
    }

    /** A1111 {@code /sdapi/v1/progress}: the running job's progress, or the idle reading. */
    public ProgressSnapshot progress(boolean includeImage) {
        synchronized (lock) {
            return running == null ? ProgressSnapshot.IDLE : running.snapshot(includeImage);
        }
    }

    /** Progress of one job (zero reading while waiting, last reading once finished). */
    public Optional<ProgressSnapshot> progress(String id, boolean includeImage) {
        synchronized (lock) {
            JobRecord job = lookup(id);
            return job == null ? Optional.empty() : Optional.of(job.snapshot(includeImage));
        }
    }

    /** A1111 /interrupt: the running job stops after its current step and ends DONE, interrupted. */
    public boolean interruptCurrent() {
        synchronized (lock) {
            if (running == null) {
                return false;
            }
            running.requestInterrupt();
            running.publish(JobEventType.PROGRESS, 0, null);
            return true;
        }
    }

    /** A1111 /skip: the running job ends its current iteration and goes on with the next. */
    public boolean skipCurrent() {
        synchronized (lock) {
            if (running == null) {
                return false;
            }
            running.requestSkip();
            running.publish(JobEventType.PROGRESS, 0, null);
            return true;
        }
    }

    /** v2 DELETE: see the class comment for the semantics. */
    public CancelOutcome cancel(String id) {
        JobRecord cancelled;
        synchronized (lock) {
            JobRecord job = lookup(id);
            if (job == null) {
                return CancelOutcome.NOT_FOUND;
            }
            if (job.state.isTerminal()) {
                return CancelOutcome.ALREADY_FINISHED;
            }
            if (job.state == JobState.RUNNING) {
                job.cancelRequested = true;
                job.requestInterrupt();
                job.publish(JobEventType.PROGRESS, 0, null);
                return CancelOutcome.STOPPING;
            }
            cancelWaiting(job, "Cancelled while queued");
            cancelled = job;
        }
        cancelled.future.completeExceptionally(new JobCancelledException("Job " + id + " was cancelled"));
        return CancelOutcome.CANCELLED;
    }

    /** Must hold the lock. */
    private void cancelWaiting(JobRecord job, String reason) {
        waiting.remove(job);
        live.remove(job.id);
        job.markFinished(JobState.CANCELLED);
        job.publish(JobEventType.CANCELLED, 0, reason);
        finished.add(job, options.clock().instant());
        publishPositions();
    }

    /**
     * Listens to one job. The listener first gets the job's current state (QUEUED with its place, or
     * STARTED and the latest PROGRESS, or the terminal event of a finished job), then every later event;
     * the subscription ends by itself after the terminal event.
     *
     * @throws JobNotFoundException when the job is unknown
     */
    public Subscription subscribe(String jobId, Consumer<JobEvent> listener) {
        synchronized (lock) {
            JobRecord job = lookup(jobId);
            if (job == null) {
                throw new JobNotFoundException(jobId);
            }
            Mailbox mailbox = hub.subscribe(jobId, listener);
            switch (job.state) {
                case QUEUED -> mailbox.offer(job.event(JobEventType.QUEUED, position(job), null));
                case RUNNING -> {
                    mailbox.offer(job.event(JobEventType.STARTED, 0, job.prompt));
                    mailbox.offer(job.event(JobEventType.PROGRESS, 0, null));
                }
                default -> mailbox.offer(job.event(terminalEvent(job.state), 0, job.error));
            }
            return mailbox;
        }
    }

    /** Listens to every job (console bar, UI-wide progress); events of each job stay in order. */
    public Subscription subscribeAll(Consumer<JobEvent> listener) {
        return hub.subscribeAll(listener);
    }

    /** Per-job subscriptions still registered; 0 when nothing listens (for leak checks). */
    int jobSubscriptionCount() {
        return hub.jobSubscriptionCount();
    }

    /** Finished jobs currently retained. */
    int retainedCount() {
        synchronized (lock) {
            return finished.size();
        }
    }

    /** Shuts down: refuses new jobs, cancels waiting ones, lets the running job finish (then interrupts it). */
    @Override
    public void close() {
        List<JobRecord> cancelled;
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            cancelled = new ArrayList<>(waiting);
            cancelled.forEach(job -> cancelWaiting(job, "Server shutting down"));
            lock.notifyAll();
        }
        cancelled.forEach(job -> job.future.completeExceptionally(new JobCancelledException("Server shutting down")));
        try {
            worker.join(options.shutdownGrace().toMillis() + 1);
            if (worker.isAlive()) {
                LOG.warn("Job still running after {}; interrupting it", options.shutdownGrace());
                interruptCurrent();
                worker.join(10_000);
            }
            hub.shutdown(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- used by the worker ----

    /** Waits for the next job and marks it RUNNING; null when the queue is closing and empty. */
    JobRecord takeNext() throws InterruptedException {
        synchronized (lock) {
            while (waiting.isEmpty() && !closing) {
                lock.wait();
            }
            JobRecord job = waiting.pollFirst();
            if (job == null) {
                return null;
            }
            job.markStarted();
            running = job;
            job.publish(JobEventType.STARTED, 0, job.prompt);
            publishPositions();
            return job;
        }
    }

    /** Records the outcome of the running job and completes its future (outside the lock). */
    void finish(JobRecord job, Object result, Throwable failure) {
        JobState terminal;
        synchronized (lock) {
            if (failure instanceof JobInterruptedException) {
                job.requestInterrupt();
                failure = null;
            }
            terminal = failure != null ? JobState.FAILED : job.cancelRequested ? JobState.CANCELLED : JobState.DONE;
            job.result = failure == null ? result : null;
            job.error = failure == null ? null : cleanMessage(failure);
            job.markFinished(terminal);
            job.publish(terminalEvent(terminal), 0, terminal == JobState.CANCELLED ? "Cancelled while running" : job.error);
            running = null;
            live.remove(job.id);
            finished.add(job, options.clock().instant());
        }
        switch (terminal) {
            case DONE -> job.future.complete(result);
            case FAILED -> job.future.completeExceptionally(new JobFailedException(job.error, failure));
            default -> job.future.completeExceptionally(new JobCancelledException("Job " + job.id + " was cancelled"));
        }
    }

    private static JobEventType terminalEvent(JobState state) {
        return switch (state) {
            case DONE -> JobEventType.DONE;
            case FAILED -> JobEventType.FAILED;
            default -> JobEventType.CANCELLED;
        };
    }

    /** A one-line, user-facing message: never a stack trace. */
    static String cleanMessage(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            message = failure.getClass().getSimpleName();
        }
        if (failure instanceof OutOfMemoryError) {
            message = "Out of memory: " + message;
        }
        message = message.strip().lines().findFirst().orElse(message);
        return message.length() > 500 ? message.substring(0, 500) + "..." : message;
    }

    /** Must hold the lock. */
    private JobRecord lookup(String id) {
        JobRecord job = live.get(id);
        return job != null ? job : finished.get(id, options.clock().instant());
    }

    /** Must hold the lock. */
    private int position(JobRecord job) {
        if (job.state != JobState.QUEUED) {
            return 0;
        }
        int position = 1;
        for (JobRecord other : waiting) {
            if (other == job) {
                return position;
            }
            position++;
        }
        return 0;
    }

    /** Must hold the lock: tells listeners of waiting jobs their new place after the line moved. */
    private void publishPositions() {
        int position = 1;
        for (JobRecord job : waiting) {
            job.publish(JobEventType.QUEUED, position++, null);
        }
    }
}

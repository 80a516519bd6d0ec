package dev.sdwebui.queue;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;

/**
 * The queue's own record of one job, and the {@link JobContext} its work sees. Mutable fields are
 * guarded by the queue lock ({@code shared.lock()}); the worker thread writes progress, HTTP threads read it.
 */
final class JobRecord implements JobContext {

    private static final DateTimeFormatter JOB_TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final QueueShared shared;
    final String id;
    final String job;
    final String prompt;
    final Instant createdAt;
    final CompletableFuture<Object> future = new CompletableFuture<>();
    /** Dropped once the job finishes, so whatever it captured (request, images) can be collected. */
    JobWork<?> work;

    JobState state = JobState.QUEUED;
    Instant startedAt;
    Instant finishedAt;
    Object result;
    String error;
    boolean interrupted;
    boolean cancelRequested;
    private boolean skipped;
    private String jobTimestamp = "0";
    private long startMillis;
    private int jobCount = 1;
    private int jobNo;
    private int samplingStep;
    private int samplingSteps;
    private String textinfo;
    private PreviewImage preview;
    private long previewCounter;
    private ProgressSnapshot finalSnapshot;

    JobRecord(QueueShared shared, String id, JobSpec<?> spec) {
        this.shared = shared;
        this.id = id;
        this.job = spec.job();
        this.prompt = spec.prompt();
        this.work = spec.work();
        this.createdAt = shared.clock().instant();
    }

    // ---- transitions, called by the queue with the lock held ----

    void markStarted() {
        state = JobState.RUNNING;
        startedAt = shared.clock().instant();
        startMillis = shared.clock().millis();
        jobTimestamp = LocalDateTime.ofInstant(startedAt, shared.clock().getZone()).format(JOB_TIMESTAMP);
    }

    void markFinished(JobState terminal) {
        ProgressSnapshot last = state == JobState.RUNNING ? snapshot(false) : ProgressSnapshot.IDLE;
        double progress = terminal == JobState.DONE ? 1.0 : last.progress();
        finalSnapshot = new ProgressSnapshot(progress, 0, last.state(), null, last.textinfo(), id);
        state = terminal;
        finishedAt = shared.clock().instant();
        preview = null;
        work = null;
    }

    void requestInterrupt() {
        interrupted = true;
    }

    void requestSkip() {
        skipped = true;
    }

    /** The A1111 progress reading; a zero reading while queued, the frozen last one when finished. */
    ProgressSnapshot snapshot(boolean withImage) {
        if (state == JobState.QUEUED) {
            ProgressState waiting = new ProgressState(false, false, false, job, 0, "0", 0, 0, 0);
            return new ProgressSnapshot(0, 0, waiting, null, "In queue...", id);
        }
        if (state.isTerminal()) {
            return finalSnapshot;
        }
        ProgressState progressState = new ProgressState(skipped, interrupted, false, job, jobCount, jobTimestamp,
                jobNo, samplingStep, samplingSteps);
        double elapsed = Math.max(0, shared.clock().millis() - startMillis) / 1000.0;
        return ProgressSnapshot.compute(progressState, elapsed, withImage ? preview : null, textinfo, id);
    }

    JobView view(int queuePosition) {
        return new JobView(id, job, state, queuePosition, interrupted, createdAt, startedAt, finishedAt,
                snapshot(true), error, result);
    }

    JobEvent event(JobEventType type, int queuePosition, String message) {
        ProgressSnapshot progress = type == JobEventType.QUEUED ? null : snapshot(type == JobEventType.PREVIEW);
        return new JobEvent(shared.sequence().incrementAndGet(), type, id, job, queuePosition, progress, message,
                interrupted);
    }

    void publish(JobEventType type, int queuePosition, String message) {
        if (shared.hub().hasSubscribers(id)) {
            shared.hub().publish(event(type, queuePosition, message));
        }
    }

    // ---- JobContext, called by the work on the worker thread ----

    @Override
    public String jobId() {
        return id;
    }

    @Override
    public String jobTimestamp() {
        synchronized (shared.lock()) {
            return jobTimestamp;
        }
    }

    @Override
    public void setJobCount(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("job count must be at least 1, was " + count);
        }
        update(() -> jobCount = count);
    }

    @Override
    public int jobCount() {
        synchronized (shared.lock()) {
            return jobCount;
        }
    }

    @Override
    public int jobNo() {
        synchronized (shared.lock()) {
            return jobNo;
        }
    }

    @Override
    public void nextJob() {
        update(() -> {
            jobNo++;
            samplingStep = 0;
            skipped = false;
        });
    }

    @Override
    public void setSteps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must not be negative, was " + steps);
        }
        update(() -> {
            samplingSteps = steps;
            samplingStep = 0;
        });
    }

    @Override
    public void step() {
        update(() -> samplingStep++);
    }

    @Override
    public void setStep(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative, was " + step);
        }
        update(() -> samplingStep = step);
    }

    @Override
    public void textinfo(String text) {
        update(() -> textinfo = text);
    }

    @Override
    public void preview(byte[] png) {
        setPreview(counter -> PreviewImage.ofPng(counter, png));
    }

    @Override
    public void preview(BufferedImage image) {
        setPreview(counter -> PreviewImage.ofImage(counter, image));
    }

    private void setPreview(java.util.function.LongFunction<PreviewImage> make) {
        synchronized (shared.lock()) {
            if (state != JobState.RUNNING) {
                return;
            }
            preview = make.apply(++previewCounter);
            publish(JobEventType.PREVIEW, 0, null);
        }
    }

    @Override
    public boolean isInterrupted() {
        synchronized (shared.lock()) {
            return interrupted;
        }
    }

    @Override
    public boolean isSkipped() {
        synchronized (shared.lock()) {
            return skipped;
        }
    }

    private void update(Runnable change) {
        synchronized (shared.lock()) {
            if (state != JobState.RUNNING) {
                return; // a stray call after the job ended (work leaked its context): ignore
            }
            change.run();
            publish(JobEventType.PROGRESS, 0, null);
        }
    }
}

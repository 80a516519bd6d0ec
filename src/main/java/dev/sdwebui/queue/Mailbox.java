package dev.sdwebui.queue;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's bounded buffer, drained by a dispatcher thread (at most one drain at a time, so the
 * listener sees events in order and is never called concurrently). {@link #offer} never blocks: when the
 * buffer is full the oldest droppable event (PROGRESS, PREVIEW, QUEUED) goes, so a slow listener sees
 * fewer intermediate updates but always STARTED and the terminal event.
 */
final class Mailbox implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);

    private final String jobId;
    private final Consumer<JobEvent> listener;
    private final Executor executor;
    private final int capacity;
    private final Runnable onClose;
    private final ArrayDeque<JobEvent> buffer = new ArrayDeque<>();
    private boolean scheduled;
    private volatile boolean active = true;
    private volatile long dropped;

    /** @param jobId the job listened to, or null for all jobs */
    Mailbox(String jobId, Consumer<JobEvent> listener, Executor executor, int capacity, Runnable onClose) {
        this.jobId = jobId;
        this.listener = listener;
        this.executor = executor;
        this.capacity = capacity;
        this.onClose = onClose;
    }

    String jobId() {
        return jobId;
    }

    void offer(JobEvent event) {
        synchronized (this) {
            if (!active) {
                return;
            }
            if (buffer.size() >= capacity && !dropOldestDroppable()) {
                // Only lifecycle events are buffered: a listener of all jobs that is stuck; bound it anyway.
                if (buffer.size() >= capacity * 4) {
                    buffer.pollFirst();
                    dropped++;
                }
            }
            buffer.addLast(event);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            close();
        }
    }

    private boolean dropOldestDroppable() {
        for (Iterator<JobEvent> it = buffer.iterator(); it.hasNext(); ) {
            if (it.next().type().isDroppable()) {
                it.remove();
                dropped++;
                return true;
            }
        }
        return false;
    }

    private void drain() {
        while (true) {
            JobEvent event;
            synchronized (this) {
                event = active ? buffer.pollFirst() : null;
                if (event == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                // A listener that throws (an SSE client gone) is dropped; the job is unaffected.
                LOG.debug("Event listener failed, unsubscribing: {}", e.toString());
                close();
                return;
            }
            if (jobId != null && event.type().isTerminal()) {
                close();
                return;
            }
        }
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public long droppedEvents() {
        return dropped;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (!active) {
                return;
            }
            active = false;
            buffer.clear();
        }
        onClose.run();
    }
}

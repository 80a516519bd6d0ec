package dev.sdwebui.queue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Subscribers by job, plus subscribers to every job. {@link #publish} only appends to mailboxes, so the
 * worker never waits on a listener; listeners run on a small pool of daemon dispatcher threads.
 */
final class EventHub {

    private final Map<String, List<Mailbox>> byJob = new ConcurrentHashMap<>();
    private final List<Mailbox> everyJob = new CopyOnWriteArrayList<>();
    private final ExecutorService dispatcher;
    private final int bufferSize;

    EventHub(String device, int threads, int bufferSize) {
        this.bufferSize = bufferSize;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("sd-queue-events-" + device + "-"));
        pool.allowCoreThreadTimeOut(true);
        this.dispatcher = pool;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Registers a listener of one job; the caller sends it the current state right after (under the queue lock). */
    Mailbox subscribe(String jobId, Consumer<JobEvent> listener) {
        Mailbox[] holder = new Mailbox[1];
        Mailbox mailbox = new Mailbox(jobId, listener, dispatcher, bufferSize, () -> remove(holder[0]));
        holder[0] = mailbox;
        byJob.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(mailbox);
        return mailbox;
    }

    Mailbox subscribeAll(Consumer<JobEvent> listener) {
        Mailbox[] holder = new Mailbox[1];
        Mailbox mailbox = new Mailbox(null, listener, dispatcher, bufferSize, () -> everyJob.remove(holder[0]));
        holder[0] = mailbox;
        everyJob.add(mailbox);
        return mailbox;
    }

    private void remove(Mailbox mailbox) {
        byJob.computeIfPresent(mailbox.jobId(), (id, list) -> {
            list.remove(mailbox);
            return list.isEmpty() ? null : list;
        });
    }

    boolean hasSubscribers(String jobId) {
        return !everyJob.isEmpty() || byJob.containsKey(jobId);
    }

    void publish(JobEvent event) {
        List<Mailbox> listeners = byJob.get(event.jobId());
        if (listeners != null) {
            listeners.forEach(m -> m.offer(event));
        }
        everyJob.forEach(m -> m.offer(event));
    }

    /** Number of per-job subscriptions still registered (for leak checks). */
    int jobSubscriptionCount() {
        return byJob.values().stream().mapToInt(List::size).sum();
    }

    /** Lets buffered events drain (up to {@code waitMillis}), then stops the dispatcher threads. */
    void shutdown(long waitMillis) throws InterruptedException {
        dispatcher.shutdown();
        if (!dispatcher.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
            dispatcher.shutdownNow();
        }
        byJob.values().forEach(list -> list.forEach(Mailbox::close));
        everyJob.forEach(Mailbox::close);
    }
}

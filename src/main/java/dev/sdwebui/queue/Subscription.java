package dev.sdwebui.queue;

/** A registered event listener; closing it unsubscribes (idempotent). Job subscriptions end by themselves after the terminal event. */
public interface Subscription extends AutoCloseable {

    /** False once closed, or once the terminal event of its job has been delivered. */
    boolean isActive();

    /** Events dropped so far because the listener was slower than the job (never terminal ones). */
    long droppedEvents();

    @Override
    void close();
}

package dev.sdwebui.queue;

/** The queue already holds its maximum number of waiting jobs; the API answers 503. */
public class QueueFullException extends RuntimeException {

    private final int capacity;

    public QueueFullException(int capacity) {
        super("The generation queue is full (" + capacity + " jobs waiting); try again later");
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }
}

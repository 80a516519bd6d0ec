package dev.sdwebui.queue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A job that holds the worker until released, so the test decides when the line moves. */
final class Gate implements JobWork<String> {

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    public String run(JobContext context) throws InterruptedException {
        entered.countDown();
        if (!released.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never released");
        }
        return "gate";
    }

    /** Waits until the worker is inside this job. */
    void awaitEntered() throws InterruptedException {
        if (!entered.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the gate job never started");
        }
    }

    void release() {
        released.countDown();
    }
}

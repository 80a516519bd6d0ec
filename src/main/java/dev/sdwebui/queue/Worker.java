package dev.sdwebui.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The single worker loop of a {@link JobQueue}: take a job, run it, record the outcome, repeat. */
final class Worker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final JobQueue queue;

    Worker(JobQueue queue) {
        this.queue = queue;
    }

    @Override
    public void run() {
        while (true) {
            JobRecord job;
            try {
                job = queue.takeNext();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (job == null) {
                return;
            }
            runOne(job);
        }
    }

    private void runOne(JobRecord job) {
        Object result = null;
        Throwable failure = null;
        try {
            result = job.work.run(job);
        } catch (JobInterruptedException e) {
            failure = e;
        } catch (Throwable e) { // NOPMD: any failure of one job, even an Error from native code, must not kill the worker
            failure = e;
            if (e instanceof RuntimeException && !(e instanceof IllegalArgumentException)
                    || !(e instanceof Exception)) {
                LOG.warn("Job {} ({}) failed", job.id, job.job, e);
            } else {
                LOG.info("Job {} ({}) failed: {}", job.id, job.job, JobQueue.cleanMessage(e));
            }
        }
        // Work that interrupted its own thread must not stop the worker's next wait.
        Thread.interrupted();
        queue.finish(job, result, failure);
    }
}

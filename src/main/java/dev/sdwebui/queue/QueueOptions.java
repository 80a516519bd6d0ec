package dev.sdwebui.queue;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link JobQueue} (one queue, and so one worker, per device).
 *
 * @param device           device label, used in the worker thread name ({@code cpu}, {@code cuda:0})
 * @param maxQueued        most jobs waiting (the running one not counted); more -> {@link QueueFullException}
 * @param retainFinished   most finished jobs kept for {@code GET /sdapi/v2/jobs/{id}}
 * @param retainFor        how long a finished job is kept
 * @param consoleProgress  print a tqdm-like bar per job (off with {@code --disable-console-progressbars})
 * @param consolePrompts   print {@code "\ntxt2img: <prompt>"} when a job starts ({@code --enable-console-prompts})
 * @param console          where the bar and prompts go (A1111 {@code progress_print_out}: stderr)
 * @param subscriberBuffer events buffered per subscriber before intermediate ones are dropped
 * @param dispatchThreads  threads delivering events to subscribers
 * @param shutdownGrace    how long {@link JobQueue#close()} lets the running job finish before interrupting it
 * @param clock            time source (progress ETA, timestamps, retention)
 */
public record QueueOptions(
        String device,
        int maxQueued,
        int retainFinished,
        Duration retainFor,
        boolean consoleProgress,
        boolean consolePrompts,
        PrintStream console,
        int subscriberBuffer,
        int dispatchThreads,
        Duration shutdownGrace,
        Clock clock) {

    public QueueOptions {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("device must not be blank");
        }
        requireAtLeast("maxQueued", maxQueued, 1);
        requireAtLeast("retainFinished", retainFinished, 0);
        requireAtLeast("subscriberBuffer", subscriberBuffer, 2);
        requireAtLeast("dispatchThreads", dispatchThreads, 1);
        Objects.requireNonNull(retainFor, "retainFor");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(clock, "clock");
        if (retainFor.isNegative() || shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** One CPU queue: 64 waiting jobs, the last 100 finished jobs for an hour, console bar on, prompts off. */
    public static QueueOptions defaults() {
        return new QueueOptions("cpu", 64, 100, Duration.ofHours(1), true, false, System.err, 64, 4,
                Duration.ofSeconds(60), Clock.systemDefaultZone());
    }

    public QueueOptions withDevice(String newDevice) {
        return new QueueOptions(newDevice, maxQueued, retainFinished, retainFor, consoleProgress, consolePrompts,
                console, subscriberBuffer, dispatchThreads, shutdownGrace, clock);
    }

    public QueueOptions withMaxQueued(int newMaxQueued) {
        return new QueueOptions(device, newMaxQueued, retainFinished, retainFor, consoleProgress, consolePrompts,
                console, subscriberBuffer, dispatchThreads, shutdownGrace, clock);
    }

    public QueueOptions withRetention(int count, Duration duration) {
        return new QueueOptions(device, maxQueued, count, duration, consoleProgress, consolePrompts,
                console, subscriberBuffer, dispatchThreads, shutdownGrace, clock);
    }

    public QueueOptions withConsole(boolean progressBars, boolean prompts, PrintStream out) {
        return new QueueOptions(device, maxQueued, retainFinished, retainFor, progressBars, prompts,
                out, subscriberBuffer, dispatchThreads, shutdownGrace, clock);
    }

    public QueueOptions withSubscriberBuffer(int size) {
        return new QueueOptions(device, maxQueued, retainFinished, retainFor, consoleProgress, consolePrompts,
                console, size, dispatchThreads, shutdownGrace, clock);
    }

    public QueueOptions withShutdownGrace(Duration grace) {
        return new QueueOptions(device, maxQueued, retainFinished, retainFor, consoleProgress, consolePrompts,
                console, subscriberBuffer, dispatchThreads, grace, clock);
    }

    public QueueOptions withClock(Clock newClock) {
        return new QueueOptions(device, maxQueued, retainFinished, retainFor, consoleProgress, consolePrompts,
                console, subscriberBuffer, dispatchThreads, shutdownGrace, newClock);
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
    }
}

package dev.sdwebui.queue;

import java.io.PrintStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A tqdm-like one-line progress bar per job on the console (A1111 prints tqdm bars to stderr), redrawn
 * with {@code \r} and ended with a newline, plus the prompt at job start when console prompts are on
 * (A1111: {@code print(f"\ntxt2img: {prompt}", file=progress_print_out)}). Runs as a listener of every
 * job, on a dispatcher thread, so printing never slows the worker. The bar counts all steps of the job:
 * {@code job_no * steps + step} of {@code job_count * steps}, like A1111's "Total progress" bar.
 */
public final class ConsoleProgress implements Consumer<JobEvent> {

    private static final int BAR_WIDTH = 25;
    private static final char[] PARTIAL = {' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'};

    private final PrintStream out;
    private final boolean bars;
    private final boolean prompts;
    private final Clock clock;
    private final Map<String, Long> startMillis = new HashMap<>();

    public ConsoleProgress(PrintStream out, boolean bars, boolean prompts, Clock clock) {
        this.out = out;
        this.bars = bars;
        this.prompts = prompts;
        this.clock = clock;
    }

    @Override
    public synchronized void accept(JobEvent event) {
        switch (event.type()) {
            case STARTED -> {
                startMillis.put(event.jobId(), clock.millis());
                if (prompts && event.message() != null) {
                    out.println();
                    out.println(event.job() + ": " + event.message());
                }
            }
            case PROGRESS -> {
                if (bars && event.progress() != null) {
                    out.print('\r' + render(event));
                    out.flush();
                }
            }
            case DONE, FAILED, CANCELLED -> finish(event);
            default -> { }
        }
    }

    private void finish(JobEvent event) {
        if (!bars || !startMillis.containsKey(event.jobId())) {
            startMillis.remove(event.jobId());
            return;
        }
        if (event.progress() != null) {
            out.print('\r' + render(event));
        }
        startMillis.remove(event.jobId());
        String suffix = switch (event.type()) {
            case FAILED -> " failed: " + event.message();
            case CANCELLED -> " cancelled";
            default -> event.interrupted() ? " interrupted" : "";
        };
        out.println(suffix);
        out.flush();
    }

    /** {@code txt2img:  45%|███████████▎             | 9/20 [00:01<00:01,  7.52it/s]}. */
    String render(JobEvent event) {
        ProgressState s = event.progress().state();
        int steps = Math.max(s.samplingSteps(), 1);
        int total = Math.max(s.jobCount(), 1) * steps;
        int done = event.type() == JobEventType.DONE && !event.interrupted()
                ? total : Math.min(total, s.jobNo() * steps + s.samplingStep());
        long start = startMillis.getOrDefault(event.jobId(), clock.millis());
        double elapsed = Math.max(0, clock.millis() - start) / 1000.0;
        double rate = elapsed > 0 ? done / elapsed : 0;
        double remaining = rate > 0 ? (total - done) / rate : 0;
        return String.format("%s: %3d%%|%s| %d/%d [%s<%s, %5.2fit/s]", event.job(), done * 100 / total,
                bar(done, total), done, total, clockTime(elapsed), clockTime(remaining), rate);
    }

    static String bar(int done, int total) {
        int eighths = (int) ((long) done * BAR_WIDTH * 8 / total);
        StringBuilder bar = new StringBuilder(BAR_WIDTH);
        bar.append("█".repeat(eighths / 8));
        if (bar.length() < BAR_WIDTH) {
            bar.append(PARTIAL[eighths % 8]);
        }
        while (bar.length() < BAR_WIDTH) {
            bar.append(' ');
        }
        return bar.toString();
    }

    static String clockTime(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%02d:%02d", s / 60, s % 60);
    }
}

package dev.sdwebui.model.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Downloads one model file the safe way: bytes go to {@code <name>.tmp} beside the target, an interrupted
 * transfer resumes with an HTTP {@code Range} request (also across restarts: a leftover {@code .tmp} is
 * continued), and the file is renamed to its final name only after its sha256 matches. A bad hash deletes
 * the temporary file and leaves no model behind.
 *
 * <p>Ref: A1111 {@code modules/modelloader.py load_models} -> {@code load_file_from_url} (download to a
 * temporary file, check {@code hash_prefix}, then move); A1111 restarts from zero, we resume.
 */
public final class ModelDownloader {

    /** Progress callback: bytes on disk so far and the total (-1 when the server does not say). */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }

    private static final int BUFFER = 1 << 20;
    private final HttpClient http;
    private final int attempts;
    private final Duration stallTimeout;

    /**
     * @param connectTimeout how long to wait for the server to accept the connection; also the longest
     *                       silence tolerated mid-transfer before the connection is dropped and resumed
     * @param attempts       transfers tried in all (each one after a cut connection resumes with Range)
     */
    public ModelDownloader(Duration connectTimeout, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.attempts = attempts;
        this.stallTimeout = connectTimeout;
    }

    /** The temporary name used while {@code target} downloads. */
    public static Path temporaryFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }

    /**
     * Downloads {@code url} to {@code target}.
     *
     * @param sha256 expected lower- or upper-case hex sha256, or null/blank to accept any content
     * @throws IOException when the server cannot be reached, answers an error, or the hash differs
     *                     (the message says which)
     */
    public Path download(URI url, Path target, String sha256, Progress progress) throws IOException {
        Objects.requireNonNull(url, "url");
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = temporaryFile(target);
        IOException last = null;
        for (int i = 0; i < attempts; i++) {
            try {
                transfer(url, tmp, progress);
                last = null;
                break;
            } catch (IOException e) {
                last = e;
                if (e instanceof HttpStatusException) {
                    break;
                }
            }
        }
        if (last != null) {
            throw last;
        }
        String actual = sha256(tmp);
        if (sha256 != null && !sha256.isBlank() && !actual.equalsIgnoreCase(sha256.strip())) {
            Files.deleteIfExists(tmp);
            throw new IOException("sha256 mismatch for " + url + ": expected " + sha256.strip().toLowerCase(Locale.ROOT)
                    + ", got " + actual + "; the download was deleted");
        }
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** One request: from the start, or from the end of {@code tmp} with a Range header. */
    private void transfer(URI url, Path tmp, Progress progress) throws IOException {
        long have = Files.isRegularFile(tmp) ? Files.size(tmp) : 0;
        HttpRequest.Builder rb = HttpRequest.newBuilder(url).GET();
        if (have > 0) {
            rb.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> r;
        try {
            r = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download interrupted", e);
        }
        int status = r.statusCode();
        if (status == 416 && have > 0) {
            r.body().close();
            return; // Range not satisfiable: the temporary file already holds every byte; the hash decides.
        }
        boolean append = status == 206;
        if (status != 200 && !append) {
            r.body().close();
            throw new HttpStatusException("HTTP " + status + " from " + url);
        }
        long start = append ? have : 0;
        long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        long total = length < 0 ? -1 : start + length;
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        long[] lastRead = {System.nanoTime()};
        try (InputStream in = r.body();
             OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
             StallGuard guard = new StallGuard(in, stallTimeout, lastRead)) {
            byte[] buf = new byte[BUFFER];
            long done = start;
            for (int n; (n = in.read(buf)) > 0; ) {
                lastRead[0] = System.nanoTime();
                out.write(buf, 0, n);
                done += n;
                progress.update(done, total);
            }
            if (guard.fired()) {
                throw new IOException("no data for " + stallTimeout.toSeconds() + " s; the connection was dropped");
            }
            if (total >= 0 && done < total) {
                throw new IOException("connection closed after " + done + " of " + total + " bytes");
            }
        }
    }

    /** Hex sha256 of a file (A1111's {@code hashes.calculate_sha256}). */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Closes the body stream when no byte arrived for the timeout (HttpClient has no read timeout). */
    private static final class StallGuard implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService timer;
        private volatile boolean fired;

        StallGuard(InputStream in, Duration timeout, long[] lastRead) {
            timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "download-stall-guard");
                t.setDaemon(true);
                return t;
            });
            long period = Math.max(100, timeout.toMillis() / 4);
            timer.scheduleAtFixedRate(() -> {
                if (System.nanoTime() - lastRead[0] > timeout.toNanos()) {
                    fired = true;
                    try {
                        in.close();
                    } catch (IOException ignored) {
                        // closing is all we can do; the reader sees the closed stream
                    }
                }
            }, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        boolean fired() {
            return fired;
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /** An HTTP error answer: retrying the same request would not help. */
    static final class HttpStatusException extends IOException {
        HttpStatusException(String message) {
            super(message);
        }
    }
}

package dev.sdwebui.model.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A1111's first start: when no checkpoint exists (and neither --ckpt nor --no-download-sd-model is given),
 * download the default SD 1.5 model into models/Stable-diffusion, then rescan the registry. A failure
 * (offline, HTTP error, wrong sha256) is logged with what to do and leaves the server running without a
 * model. Ref: A1111 {@code modules/sd_models.py list_models} (model_url only when no --ckpt and not
 * --no-download-sd-model) and {@code modules/modelloader.py load_models} (download only if nothing found).
 */
public final class FirstStartDownload {

    /** What the download is doing, for the console and the API. */
    public enum State { NOT_NEEDED, DOWNLOADING, DONE, FAILED }

    /**
     * @param state   where it stands
     * @param done    bytes on disk
     * @param total   expected bytes, -1 when unknown
     * @param message the outcome or error, for people
     */
    public record Status(State state, long done, long total, String message) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(FirstStartDownload.class);
    private static final long STEP = 5;

    private final CheckpointRegistry registry;
    private final DefaultModelSource source;
    private final Path dir;
    private final ModelDownloader downloader;
    private final HashCache hashCache;
    private volatile Status status = new Status(State.NOT_NEEDED, 0, -1, "");
    private long lastLogged = -1;

    /**
     * @param dir       the folder the model is written to (models/Stable-diffusion)
     * @param hashCache cache.json: the verified sha256 is recorded so the file is not hashed again
     */
    public FirstStartDownload(CheckpointRegistry registry, DefaultModelSource source, Path dir,
                              ModelDownloader downloader, HashCache hashCache) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.source = Objects.requireNonNull(source, "source");
        this.dir = Objects.requireNonNull(dir, "dir");
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.hashCache = Objects.requireNonNull(hashCache, "hashCache");
    }

    public Status status() {
        return status;
    }

    /** True when nothing is listed: the caller then runs {@link #run()} (unless a flag forbids it). */
    public boolean needed() {
        return registry.list().isEmpty();
    }

    /** Downloads, verifies and rescans; never throws (the outcome is in {@link #status()} and the log). */
    public Status run() {
        Path target = dir.resolve(source.fileName());
        LOG.info("No checkpoints found. Downloading model {} from {} to {}", source.fileName(), source.url(), target);
        status = new Status(State.DOWNLOADING, 0, -1, "downloading " + source.fileName());
        try {
            downloader.download(source.url(), target, source.sha256(), this::progress);
            hashCache.put("checkpoint/" + source.fileName(), target, source.sha256().toLowerCase(Locale.ROOT));
            registry.refresh();
            status = new Status(State.DONE, status.done(), status.total(), "downloaded " + target);
            LOG.info("Downloaded {} (sha256 {} verified)", target, source.sha256());
        } catch (IOException | RuntimeException e) {
            String msg = "Could not download the default model " + source.fileName() + ": " + describe(e)
                    + ". The server runs without a model: put a .safetensors/.ckpt into " + dir
                    + " (then press the refresh button or POST /sdapi/v1/refresh-checkpoints), or restart to retry"
                    + (java.nio.file.Files.isRegularFile(ModelDownloader.temporaryFile(target))
                    ? " (the partial download " + ModelDownloader.temporaryFile(target).getFileName() + " resumes)" : "");
            status = new Status(State.FAILED, status.done(), status.total(), msg);
            LOG.error(msg);
        }
        return status;
    }

    private void progress(long done, long total) {
        status = new Status(State.DOWNLOADING, done, total, status.message());
        long pct = total > 0 ? done * 100 / total : done >> 26; // unknown size: a line per 64 MiB
        if (pct / STEP != lastLogged / STEP || lastLogged < 0) {
            lastLogged = pct;
            LOG.info("Downloading {}: {}", source.fileName(), bar(done, total));
        }
    }

    /** tqdm-like text: {@code [#####.....]  50% 2.1/4.3 GB}. */
    static String bar(long done, long total) {
        if (total <= 0) {
            return String.format(Locale.ROOT, "%.1f MB", done / 1e6);
        }
        int width = 30;
        int filled = (int) (width * done / total);
        return String.format(Locale.ROOT, "[%s%s] %3d%% %.1f/%.1f MB", "#".repeat(filled), ".".repeat(width - filled),
                done * 100 / total, done / 1e6, total / 1e6);
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException || e instanceof java.net.UnknownHostException
                || e instanceof java.net.http.HttpConnectTimeoutException) {
            return "network unavailable (" + e.getClass().getSimpleName() + (m == null ? "" : ": " + m) + ")";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}

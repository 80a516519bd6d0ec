package dev.sdwebui.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared/reference} (beside the checkout). On a user's machine the folder may be
 * absent: tests that need it are skipped with a clear message. When {@code CI=true} the folder is
 * always laid out beside the clone, so a missing folder fails the run instead of skipping.
 */
public final class SharedReference {

    private SharedReference() {
    }

    /** The {@code shared/} folder, or a skipped/failed test when it is missing. */
    public static Path sharedDir() {
        Path p = Path.of(System.getProperty("sdwebui.shared", "../shared")).toAbsolutePath().normalize();
        boolean present = Files.isDirectory(p.resolve("reference"));
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but the shared reference folder is missing: " + p);
        }
        assumeTrue(present, "shared reference folder not found at " + p + " (skipping parity test)");
        return p;
    }

    public static Path tinyDir() {
        return sharedDir().resolve("reference/sd1-tiny");
    }

    public static Path clipMerges() {
        return sharedDir().resolve("clip/bpe_simple_vocab_16e6.txt.gz");
    }
}

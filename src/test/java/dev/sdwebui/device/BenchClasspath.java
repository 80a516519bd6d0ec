package dev.sdwebui.device;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Not a test: writes the test class path for {@code ./bench.sh attention}, which runs each row in a fresh JVM. */
@Tag("bench")
class BenchClasspath {

    @Test
    void write() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Files.writeString(Path.of(System.getenv().getOrDefault("BENCH_CP_FILE", "target/bench-classpath.txt")), cp);
    }
}

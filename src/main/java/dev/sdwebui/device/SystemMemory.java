package dev.sdwebui.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Host memory figures from /proc (Linux). "Free memory" for the CPU device is {@code MemAvailable}
 * (what A1111 gets from psutil.virtual_memory().available on a CPU device).
 */
public final class SystemMemory {

    private final Path meminfo;
    private final Path status;

    public SystemMemory(Path meminfo, Path status) {
        this.meminfo = meminfo;
        this.status = status;
    }

    public static SystemMemory proc() {
        return new SystemMemory(Path.of("/proc/meminfo"), Path.of("/proc/self/status"));
    }

    /** MemAvailable in bytes; when unreadable (not Linux) the JVM's view of free physical memory is not known: 8 GiB is assumed. */
    public long availableBytes() {
        return kb(meminfo, "MemAvailable:").orElse(8L << 20) * 1024;
    }

    /** MemTotal in bytes (0 when unknown). */
    public long totalBytes() {
        return kb(meminfo, "MemTotal:").orElse(0) * 1024;
    }

    /** This process's resident set now (VmRSS), bytes; 0 when unknown. */
    public long rssBytes() {
        return kb(status, "VmRSS:").orElse(0) * 1024;
    }

    /** This process's peak resident set (VmHWM), bytes; 0 when unknown. */
    public long peakRssBytes() {
        return kb(status, "VmHWM:").orElse(0) * 1024;
    }

    private static OptionalLong kb(Path file, String field) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String l : lines) {
                if (l.startsWith(field)) {
                    return OptionalLong.of(Long.parseLong(l.substring(field.length()).replaceAll("\\D", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}

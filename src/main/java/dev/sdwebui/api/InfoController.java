package dev.sdwebui.api;

import dev.sdwebui.config.styles.StylesStore;
import dev.sdwebui.device.DeviceManager;
import dev.sdwebui.extensions.ExtensionCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;

/** prompt-styles, memory and extensions. */
@SdApiController
class InfoController {

    private final StylesStore styles;
    private final ExtensionCatalog extensions;
    private final DeviceManager device;

    InfoController(StylesStore styles, ExtensionCatalog extensions, DeviceManager device) {
        this.styles = styles;
        this.extensions = extensions;
        this.device = device;
    }

    @GetMapping("/prompt-styles")
    List<PromptStyleItem> promptStyles() {
        styles.reload(); // A1111 rereads styles.csv when the list is refreshed
        return styles.list().stream().map(s -> new PromptStyleItem(s.name(), s.prompt(), s.negativePrompt())).toList();
    }

    /**
     * A1111's /memory: ram.used is this process's RSS, ram.total the machine's RAM, ram.free = total - used
     * (psutil-based); cuda carries an error when no CUDA statistics are available. Beyond A1111: "device" holds
     * the device manager's choices (device, precision, memory mode, attention backend, ...).
     */
    @GetMapping("/memory")
    Map<String, Object> memory() {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            long total = kib(Path.of("/proc/meminfo"), "MemTotal:") * 1024;
            long rss = kib(Path.of("/proc/self/status"), "VmRSS:") * 1024;
            out.put("ram", Map.of("free", (double) (total - rss), "used", (double) rss, "total", (double) total));
        } catch (IOException | RuntimeException e) {
            out.put("ram", Map.of("error", "cannot read /proc: " + e.getMessage()));
        }
        out.put("cuda", Map.of("error", "CUDA memory statistics are not available: running on CPU"));
        out.put("device", device.describe());
        return out;
    }

    private static long kib(Path file, String key) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).strip().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException(key + " not in " + file);
    }

    @GetMapping("/extensions")
    List<Map<String, Object>> extensions() {
        return extensions.list().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("remote", e.remote());
            m.put("branch", e.branch());
            m.put("commit_hash", e.commitHash());
            m.put("commit_date", null);
            m.put("version", e.version());
            m.put("enabled", e.enabled());
            return m;
        }).toList();
    }
}

package dev.sdwebui.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPathsTest {

    @TempDir
    Path tmp;

    private static LaunchOptions opts(Map<String, Object> v) {
        return LaunchOptions.fromValues(v);
    }

    @Test
    void defaultLayoutUnderDataDir() {
        DataPaths p = DataPaths.resolve(opts(Map.of("data-dir", "d")), tmp, Map.of());
        Path d = tmp.resolve("d");
        assertThat(p.dataDir()).isEqualTo(d);
        assertThat(p.checkpointDirs()).containsExactly(d.resolve("models/Stable-diffusion"));
        assertThat(p.vaeDirs()).containsExactly(d.resolve("models/VAE"));
        assertThat(p.loraDir()).isEqualTo(d.resolve("models/Lora"));
        assertThat(p.hypernetworkDir()).isEqualTo(d.resolve("models/hypernetworks"));
        assertThat(p.embeddingsDir()).isEqualTo(d.resolve("embeddings"));
        assertThat(p.upscalerDirs().get("ESRGAN")).isEqualTo(d.resolve("models/ESRGAN"));
        assertThat(p.settingsFile()).isEqualTo(d.resolve("config.json"));
        assertThat(p.uiConfigFile()).isEqualTo(d.resolve("ui-config.json"));
        assertThat(p.stylesFiles()).containsExactly(d.resolve("styles.csv"));
        assertThat(p.cacheFile()).isEqualTo(d.resolve("cache.json"));
        assertThat(p.allowedFileDirs()).containsExactly(d.resolve("outputs"));
        p.prepare(LaunchOptions.defaults());
        assertThat(d.resolve("models/Stable-diffusion")).isDirectory();
        assertThat(d.resolve("outputs")).isDirectory();
    }

    @Test
    void everyPathFlagIsHonoured() {
        Map<String, Object> v = new java.util.HashMap<>();
        v.put("ckpt-dir", "/c");
        v.put("vae-dir", "/v");
        v.put("lora-dir", "/l");
        v.put("embeddings-dir", "/e");
        v.put("hypernetwork-dir", "/h");
        v.put("esrgan-models-path", "/es");
        v.put("swinir-models-path", "/sw");
        v.put("ui-settings-file", "/s/config.json");
        v.put("ui-config-file", "/s/ui.json");
        v.put("styles-file", java.util.List.of("/a.csv", "b.csv"));
        v.put("gradio-allowed-path", java.util.List.of("/pics"));
        v.put("models-dir", "/m");
        v.put("localizations-dir", "/loc");
        v.put("textual-inversion-templates-dir", "/ti");
        DataPaths p = DataPaths.resolve(opts(v), tmp, Map.of("SD_WEBUI_CACHE_FILE", "/x/cache.json"));
        assertThat(p.checkpointDirs()).containsExactly(Path.of("/m/Stable-diffusion"), Path.of("/c"));
        assertThat(p.vaeDirs()).containsExactly(Path.of("/m/VAE"), Path.of("/v"));
        assertThat(p.loraDir()).isEqualTo(Path.of("/l"));
        assertThat(p.embeddingsDir()).isEqualTo(Path.of("/e"));
        assertThat(p.hypernetworkDir()).isEqualTo(Path.of("/h"));
        assertThat(p.upscalerDirs()).containsEntry("ESRGAN", Path.of("/es")).containsEntry("SwinIR", Path.of("/sw"))
                .containsEntry("LDSR", Path.of("/m/LDSR"));
        assertThat(p.settingsFile()).isEqualTo(Path.of("/s/config.json"));
        assertThat(p.uiConfigFile()).isEqualTo(Path.of("/s/ui.json"));
        assertThat(p.stylesFiles()).containsExactly(Path.of("/a.csv"), tmp.resolve("b.csv"));
        assertThat(p.allowedFileDirs()).containsExactly(tmp.resolve("outputs"), Path.of("/pics"));
        assertThat(p.cacheFile()).isEqualTo(Path.of("/x/cache.json"));
        assertThat(p.localizationsDir()).isEqualTo(Path.of("/loc"));
        assertThat(p.textualInversionTemplatesDir()).isEqualTo(Path.of("/ti"));
    }

    @Test
    void missingNamedFilesAreStartupErrors() throws Exception {
        LaunchOptions ck = opts(Map.of("ckpt", "nope.safetensors"));
        assertThatThrownBy(() -> DataPaths.resolve(ck, tmp, Map.of()).prepare(ck))
                .isInstanceOf(StartupException.class).hasMessageContaining("--ckpt").hasMessageContaining("nope.safetensors");
        LaunchOptions auth = opts(Map.of("gradio-auth-path", tmp.resolve("missing.txt").toString()));
        assertThatThrownBy(() -> DataPaths.resolve(auth, tmp, Map.of()).prepare(auth)).hasMessageContaining("--gradio-auth-path");
        LaunchOptions bad = opts(Map.of("api-auth", "nocolon"));
        assertThatThrownBy(() -> DataPaths.resolve(bad, tmp, Map.of()).prepare(bad)).hasMessageContaining("--api-auth");
        Path f = Files.writeString(tmp.resolve("ok.safetensors"), "x");
        LaunchOptions ok = opts(Map.of("ckpt", f.toString()));
        DataPaths.resolve(ok, tmp, Map.of()).prepare(ok);
    }

    @Test
    void serverFlagsBecomeSpringProperties() {
        Map<String, Object> p = SpringProperties.from(opts(Map.of("listen", true, "subpath", "/sd/")));
        assertThat(p).containsEntry("server.address", "0.0.0.0").containsEntry("server.port", 7860)
                .containsEntry("server.servlet.context-path", "/sd").containsEntry(SpringProperties.API_ENABLED, false);
        assertThat(SpringProperties.from(opts(Map.of("server-name", "box.lan", "nowebui", true))))
                .containsEntry("server.address", "box.lan").containsEntry("server.port", 7861)
                .containsEntry(SpringProperties.API_ENABLED, true).containsEntry(SpringProperties.WEBUI_ENABLED, false);
        assertThat(SpringProperties.from(LaunchOptions.defaults())).containsEntry("server.address", "127.0.0.1");
        assertThatThrownBy(() -> SpringProperties.from(opts(Map.of("tls-keyfile", "k.pem"))))
                .hasMessageContaining("--tls-certfile");
        assertThatThrownBy(() -> SpringProperties.from(opts(Map.of("loglevel", "LOUD")))).hasMessageContaining("--loglevel");
    }

    @Test
    void noticesAndWarnings() {
        LaunchOptions o = opts(Map.of("deepdanbooru", true, "listen", true, "api", true, "no-download-sd-model", true));
        assertThat(LaunchNotices.notices(o)).containsExactly("--deepdanbooru: interrogation not available yet");
        assertThat(LaunchNotices.warnings(o)).anyMatch(w -> w.contains("web UI is reachable from other machines"))
                .anyMatch(w -> w.contains("API is reachable"));
        assertThat(LaunchNotices.warnings(opts(Map.of("listen", true, "gradio-auth", "a:b"))))
                .noneMatch(w -> w.contains("without a password")).anyMatch(w -> w.contains("clear text"));
        assertThat(LaunchNotices.warnings(opts(Map.of("gradio-auth", "a:b")))).isEmpty();
        assertThat(LaunchNotices.notices(LaunchOptions.defaults())).singleElement().asString().contains("download");
        assertThat(o.disableExtensionAccess()).isTrue();
    }

    @Test
    void reinstallTorchDeletesTheExtractedCache() throws Exception {
        Path root = tmp.resolve("djl");
        Files.createDirectories(root.resolve("pytorch/2.7.1-cpu/lib"));
        Files.writeString(root.resolve("pytorch/2.7.1-cpu/lib/libtorch.so"), "x");
        Path dir = NativeLibraryCache.pytorchDir(Map.of("DJL_CACHE_DIR", root.toString()));
        assertThat(dir).isEqualTo(root.resolve("pytorch"));
        assertThat(NativeLibraryCache.delete(dir)).isTrue();
        assertThat(dir).doesNotExist();
        assertThat(NativeLibraryCache.delete(dir)).isFalse();
    }
}

package dev.sdwebui.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UiConfigTest {

    @TempDir
    Path dir;

    @Test
    void writesA1111DefaultsWhenTheFileIsMissing() throws Exception {
        Path file = dir.resolve("ui-config.json");
        Map<String, Object> values = new UiConfig(file, 16).load();
        assertThat(values).containsEntry("txt2img/Sampling steps/value", 20)
                .containsEntry("txt2img/Sampling steps/maximum", 150)
                .containsEntry("txt2img/Width/step", 8)
                .containsEntry("txt2img/Batch count/maximum", 16)
                .containsEntry("txt2img/CFG Scale/value", 7.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> written = new ObjectMapper().readValue(file.toFile(), Map.class);
        assertThat(written).containsEntry("txt2img/Sampling steps/value", 20).hasSameSizeAs(values);
    }

    @Test
    void userValuesWinAndMissingKeysAreAdded() throws Exception {
        Path file = dir.resolve("ui-config.json");
        Files.writeString(file, "{\"txt2img/Sampling steps/value\": 30, \"custom/key\": 1}");
        Map<String, Object> values = new UiConfig(file, 16).load();
        assertThat(values).containsEntry("txt2img/Sampling steps/value", 30).containsEntry("custom/key", 1)
                .containsEntry("txt2img/Height/value", 512);
        assertThat(Files.readString(file)).contains("\"txt2img/Sampling steps/value\" : 30").contains("Height");
    }

    @Test
    void aBrokenFileFallsBackToDefaultsAndIsKept() throws Exception {
        Path file = dir.resolve("ui-config.json");
        Files.writeString(file, "{not json");
        assertThat(new UiConfig(file, 16).load()).containsEntry("txt2img/Sampling steps/value", 20);
        assertThat(Files.readString(file)).isEqualTo("{not json");
    }
}

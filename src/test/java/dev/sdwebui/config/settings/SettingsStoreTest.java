package dev.sdwebui.config.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {

    @TempDir
    Path tmp;

    private SettingsRegistry registry() {
        SettingsContribution extra = () -> List.of(SettingKey.text("extra", "my_feature_mode", "fast", "Mode"));
        return SettingsRegistry.withA1111Defaults(List.of(extra));
    }

    @Test
    void defaultsAreA1111s() {
        SettingsStore s = new SettingsStore(registry(), tmp.resolve("config.json"), false, false);
        assertThat(s.get(A1111Settings.ETA_ANCESTRAL)).isEqualTo(1.0);
        assertThat(s.get(A1111Settings.ETA_DDIM)).isEqualTo(0.0);
        assertThat(s.get(A1111Settings.S_NOISE)).isEqualTo(1.0);
        assertThat(s.get(A1111Settings.RANDN_SOURCE)).isEqualTo("GPU");
        assertThat(s.get(A1111Settings.CLIP_STOP_AT_LAST_LAYERS)).isEqualTo(1);
        assertThat(s.get(A1111Settings.SHOW_PROGRESS_EVERY_N_STEPS)).isEqualTo(10);
        assertThat(s.get(A1111Settings.SHOW_PROGRESS_TYPE)).isEqualTo("Approx NN");
        assertThat(s.get(A1111Settings.QUICKSETTINGS_LIST)).containsExactly("sd_model_checkpoint");
        assertThat(s.get(A1111Settings.SD_MODEL_CHECKPOINT)).isNull();
        assertThat(s.get("my_feature_mode")).isEqualTo("fast");
        assertThat(s.get("samples_format")).isEqualTo("png");
    }

    @Test
    void roundTripKeepsUnknownKeysAndCoercesNumbers() throws Exception {
        Path f = Files.writeString(tmp.resolve("config.json"),
                "{\"eta_ancestral\": 1, \"n_rows\": 3.0, \"other_ext\": {\"a\": [1, 2]}, \"jpeg_quality\": \"bad\"}");
        SettingsStore s = new SettingsStore(registry(), f, false, false);
        assertThat(s.get(A1111Settings.ETA_ANCESTRAL)).isEqualTo(1.0);
        assertThat(s.get("n_rows")).isEqualTo(3);
        assertThat(s.get("jpeg_quality")).as("bad value ignored").isEqualTo(80);
        s.setAll(Map.of("eta_ancestral", 0.25, "quicksettings_list", List.of("sd_model_checkpoint", "sd_vae")));
        SettingsStore again = new SettingsStore(registry(), f, false, false);
        assertThat(again.get(A1111Settings.ETA_ANCESTRAL)).isEqualTo(0.25);
        assertThat(again.get(A1111Settings.QUICKSETTINGS_LIST)).containsExactly("sd_model_checkpoint", "sd_vae");
        assertThat(again.get("other_ext")).isEqualTo(Map.of("a", List.of(1, 2)));
        String text = Files.readString(f);
        assertThat(text).startsWith("{\n    \"").contains("\"eta_ancestral\": 0.25");
    }

    @Test
    void rejectsUnknownKeysBadTypesFrozenAndRestricted() {
        SettingsStore s = new SettingsStore(registry(), tmp.resolve("c.json"), false, false);
        assertThatThrownBy(() -> s.setAll(Map.of("nope", 1))).isInstanceOf(SettingsException.class)
                .extracting(e -> ((SettingsException) e).reason()).isEqualTo(SettingsException.Reason.UNKNOWN_KEY);
        assertThatThrownBy(() -> s.setAll(Map.of("samples_save", "yes")))
                .extracting(e -> ((SettingsException) e).reason()).isEqualTo(SettingsException.Reason.BAD_VALUE);
        assertThatThrownBy(() -> s.setAll(Map.of("n_rows", 2.5))).hasMessageContaining("integer");
        assertThatThrownBy(() -> s.setAll(Map.of("quicksettings_list", List.of(1)))).hasMessageContaining("list of strings");
        SettingsStore frozen = new SettingsStore(registry(), tmp.resolve("f.json"), true, false);
        assertThatThrownBy(() -> frozen.setAll(Map.of("n_rows", 2))).hasMessage("changing settings is disabled");
        SettingsStore hidden = new SettingsStore(registry(), tmp.resolve("h.json"), false, true);
        assertThatThrownBy(() -> hidden.setAll(Map.of("outdir_samples", "/tmp/evil")))
                .hasMessageContaining("restricted");
        hidden.setAll(Map.of("n_rows", 2));
        assertThat(hidden.get("n_rows")).isEqualTo(2);
    }

    @Test
    void duplicateKeysAreRefused() {
        SettingsContribution dup = () -> List.of(SettingKey.bool("x", "samples_save", true, "dup"));
        assertThatThrownBy(() -> SettingsRegistry.withA1111Defaults(List.of(dup))).hasMessageContaining("samples_save");
    }
}

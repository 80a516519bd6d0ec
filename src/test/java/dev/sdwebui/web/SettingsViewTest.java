package dev.sdwebui.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.model.registry.CheckpointRegistry;
import dev.sdwebui.model.registry.HashCache;
import dev.sdwebui.model.registry.VaeRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsViewTest {

    @TempDir
    Path dir;

    private SettingsView view(boolean hideDirs, String configJson) throws Exception {
        if (configJson != null) {
            Files.writeString(dir.resolve("config.json"), configJson);
        }
        SettingsRegistry registry = SettingsRegistry.withA1111Defaults(List.of());
        SettingsStore store = new SettingsStore(registry, dir.resolve("config.json"), false, hideDirs);
        HashCache cache = new HashCache(dir.resolve("cache.json"));
        CheckpointRegistry ckpts = new CheckpointRegistry(List.of(dir.resolve("models")), null, cache, false, () -> null);
        VaeRegistry vaes = new VaeRegistry(List.of(dir.resolve("vae")), List.of(dir.resolve("models")), null, cache, false);
        return new SettingsView(registry, store, ckpts, vaes);
    }

    private static List<String> keys(SettingsView v) {
        return v.sections().stream().flatMap(s -> s.fields().stream()).map(SettingField::key).toList();
    }

    @Test
    void sectionsHaveA1111TitlesAndTheRightControls() throws Exception {
        SettingsView v = view(false, null);
        assertThat(v.sections()).extracting(SettingsSection::title)
                .contains("Saving images/grids", "Paths for saving", "Stable Diffusion", "Sampler parameters", "User interface");
        List<SettingField> all = v.sections().stream().flatMap(s -> s.fields().stream()).toList();
        assertThat(all).filteredOn(f -> f.key().equals("samples_save")).singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo("checkbox"));
        assertThat(all).filteredOn(f -> f.key().equals("jpeg_quality")).singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo("number"));
        assertThat(all).filteredOn(f -> f.key().equals("emphasis")).singleElement()
                .satisfies(f -> assertThat(f.choices()).contains("Original", "No norm"));
        assertThat(all).filteredOn(f -> f.key().equals("quicksettings_list")).singleElement()
                .satisfies(f -> assertThat(f.value()).isEqualTo("sd_model_checkpoint"));
        assertThat(keys(v)).doesNotContain("sd_checkpoint_hash", "sd_model_checkpoint", "sd_vae");
    }

    @Test
    void quicksettingsMoveToTheHeader() throws Exception {
        SettingsView v = view(false, "{\"quicksettings_list\": [\"sd_model_checkpoint\", \"CLIP_stop_at_last_layers\", \"nope\"]}");
        assertThat(v.quicksettings()).extracting(SettingField::key)
                .containsExactly("sd_model_checkpoint", "sd_vae", "CLIP_stop_at_last_layers");
        assertThat(keys(v)).doesNotContain("CLIP_stop_at_last_layers");
    }

    @Test
    void hideUiDirConfigHidesPathSettings() throws Exception {
        assertThat(keys(view(false, null))).contains("outdir_txt2img_samples", "samples_filename_pattern");
        assertThat(keys(view(true, null))).doesNotContain("outdir_txt2img_samples", "samples_filename_pattern")
                .contains("jpeg_quality");
    }
}

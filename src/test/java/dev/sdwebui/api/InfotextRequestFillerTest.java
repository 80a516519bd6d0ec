package dev.sdwebui.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code infotext} request field (A1111 api.py apply_infotext): fills unset fields and settings overrides. */
class InfotextRequestFillerTest {

    static final String INFOTEXT = "a cat, (masterpiece:1.2)\nNegative prompt: blurry\nSteps: 12, Sampler: DPM++ 2M Karras,"
            + " CFG scale: 5.5, Seed: 1234, Size: 64x128, Model hash: abcdef1234, Model: tiny, Denoising strength: 0.4,"
            + " Clip skip: 2, RNG: CPU, Hires upscale: 2, Hires steps: 3, Hires upscaler: Latent, Version: v1.10.1";

    @TempDir
    Path tmp;
    private final ObjectMapper mapper = new ObjectMapper();
    private InfotextRequestFiller filler;
    private LenientJson json;

    @BeforeEach
    void setUp() {
        SettingsRegistry registry = SettingsRegistry.withA1111Defaults(List.of());
        filler = new InfotextRequestFiller(new SettingsStore(registry, tmp.resolve("config.json"), false, false), registry);
        json = new LenientJson(mapper);
    }

    private Txt2ImgRequest txt2img(ObjectNode body) {
        return json.read(filler.apply(body, false), Txt2ImgRequest.class, null);
    }

    @Test
    void fillsEveryUnsetFieldAndTheSettings() {
        ObjectNode body = mapper.createObjectNode().put("infotext", INFOTEXT);
        Txt2ImgRequest r = txt2img(body);
        assertThat(r.prompt()).isEqualTo("a cat, (masterpiece:1.2)");
        assertThat(r.negativePrompt()).isEqualTo("blurry");
        assertThat(r.steps()).isEqualTo(12);
        assertThat(r.samplerName()).isEqualTo("DPM++ 2M");
        assertThat(r.scheduler()).isEqualTo("Karras");
        assertThat(r.cfgScale()).isEqualTo(5.5);
        assertThat(r.seed()).isEqualTo(1234L);
        assertThat(r.width()).isEqualTo(64);
        assertThat(r.height()).isEqualTo(128);
        assertThat(r.denoisingStrength()).isEqualTo(0.4);
        assertThat(r.enableHr()).isTrue();
        assertThat(r.hrScale()).isEqualTo(2.0);
        assertThat(r.hrSecondPassSteps()).isEqualTo(3);
        assertThat(r.hrUpscaler()).isEqualTo("Latent");
        assertThat(r.hrSamplerName()).as("'Use same sampler' means unset").isNull();
        assertThat(r.overrideSettings()).containsEntry("CLIP_stop_at_last_layers", 2).containsEntry("randn_source", "CPU")
                .doesNotContainKey("sd_model_checkpoint");
        assertThat(r.infotext()).isEqualTo(INFOTEXT);
    }

    @Test
    void fieldsTheBodySetsWin() {
        ObjectNode body = mapper.createObjectNode().put("infotext", INFOTEXT).put("steps", 3).put("prompt", "a dog")
                .put("enable_hr", false);
        body.putObject("override_settings").put("randn_source", "NV");
        Txt2ImgRequest r = txt2img(body);
        assertThat(r.steps()).isEqualTo(3);
        assertThat(r.prompt()).isEqualTo("a dog");
        assertThat(r.enableHr()).isFalse();
        assertThat(r.seed()).isEqualTo(1234L);
        assertThat(r.overrideSettings()).containsEntry("randn_source", "NV").containsEntry("CLIP_stop_at_last_layers", 2);
    }

    @Test
    void settingsEqualToTheCurrentValueAreNotOverridden() {
        ObjectNode body = mapper.createObjectNode().put("infotext", "x\nSteps: 4, Sampler: Euler, Seed: 1, Clip skip: 1, RNG: GPU");
        Txt2ImgRequest r = txt2img(body);
        assertThat(r.overrideSettings()).isNull();
        assertThat(r.enableHr()).as("no Denoising strength: no hires").isNull();
    }

    @Test
    void img2imgTakesItsOwnFieldsAndNoHires() {
        ObjectNode body = mapper.createObjectNode().put("infotext", INFOTEXT + ", Image CFG scale: 1.5, Mask blur: 8");
        JsonNode filled = filler.apply(body, true);
        Img2ImgApiRequest r = json.read(filled, Img2ImgApiRequest.class, null);
        assertThat(r.imageCfgScale()).isEqualTo(1.5);
        assertThat(r.maskBlur()).isEqualTo(8);
        assertThat(r.denoisingStrength()).isEqualTo(0.4);
        assertThat(filled.has("enable_hr")).isFalse();
        assertThat(filled.has("hr_scale")).isFalse();
    }

    @Test
    void noInfotextLeavesTheBodyAlone() {
        ObjectNode body = mapper.createObjectNode().put("steps", 3);
        assertThat(filler.apply(body, false)).isSameAs(body);
        assertThat(filler.apply(null, false)).isNull();
    }
}

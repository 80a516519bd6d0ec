package dev.sdwebui.infotext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InfotextParserTest {

    private final InfotextParser parser = new InfotextParser();

    @Test
    void parsesPromptNegativeAndPairsAndFillsA1111Defaults() {
        Map<String, String> r = parser.parse("a photo of a cat\nNegative prompt: blurry, lowres\nSteps: 20,"
                + " Sampler: Euler a, CFG scale: 7, Seed: 1234567890, Size: 512x768, Model hash: 6ce0161689");
        assertThat(List.copyOf(r.keySet()).subList(0, 9)).containsExactly("Prompt", "Negative prompt", "Steps",
                "Sampler", "CFG scale", "Seed", "Size-1", "Size-2", "Model hash");
        assertThat(r).containsEntry("Prompt", "a photo of a cat").containsEntry("Negative prompt", "blurry, lowres")
                .containsEntry("Size-1", "512").containsEntry("Size-2", "768")
                .containsEntry("Clip skip", "1").containsEntry("Hires resize-1", "0")
                .containsEntry("Hires sampler", "Use same sampler").containsEntry("Hires checkpoint", "Use same checkpoint")
                .containsEntry("Hires prompt", "").containsEntry("Mask mode", "Inpaint masked")
                .containsEntry("Masked content", "original").containsEntry("Inpaint area", "Whole picture")
                .containsEntry("Masked area padding", "32").containsEntry("RNG", "GPU")
                .containsEntry("Schedule type", "Automatic").containsEntry("Schedule max sigma", "0")
                .containsEntry("VAE Decoder", "Full").containsEntry("FP8 weight", "Disable")
                .doesNotContainKey("Cache FP16 weight for LoRA").doesNotContainKey("Downcast alphas_cumprod");
    }

    @Test
    void aLastLineWithFewerThanThreePairsBelongsToThePrompt() {
        Map<String, String> r = parser.parse("first line\nstyle: realism, mood: calm");
        assertThat(r).containsEntry("Prompt", "first line\nstyle: realism, mood: calm")
                .doesNotContainKey("style");
    }

    @Test
    void multiLineNegativePromptAndStrippedLines() {
        Map<String, String> r = parser.parse("  p1  \n p2\nNegative prompt:   n1 \n n2\nSteps: 1, Seed: 2, Size: 8x8");
        assertThat(r).containsEntry("Prompt", "p1\np2").containsEntry("Negative prompt", "n1\nn2");
    }

    @Test
    void splitsLegacySamplerNamesIntoSamplerAndScheduleType() {
        assertThat(parser.parse("p\nSteps: 1, Sampler: DPM++ 2M Karras, Seed: 1"))
                .containsEntry("Sampler", "DPM++ 2M").containsEntry("Schedule type", "Karras");
        assertThat(parser.parse("p\nSteps: 1, Sampler: DPM++ 2M SDE Exponential, Seed: 1"))
                .containsEntry("Sampler", "DPM++ 2M SDE").containsEntry("Schedule type", "Exponential");
        assertThat(parser.parse("p\nSteps: 1, Sampler: LMS Karras, Seed: 1"))
                .containsEntry("Sampler", "LMS").containsEntry("Schedule type", "Karras");
        assertThat(parser.parse("p\nSteps: 1, Sampler: Euler a, Schedule type: Automatic, Seed: 1"))
                .containsEntry("Sampler", "Euler a").containsEntry("Schedule type", "Automatic");
        assertThat(parser.parse("p\nSteps: 1, Sampler: DDIM, Seed: 1")).containsEntry("Sampler", "DDIM");
    }

    @Test
    void versionBackcompatFlags() {
        Map<String, String> old = parser.parse("a [cat:dog:0.5]\nSteps: 1, Sampler: DDIM, Seed: 1, Version: v1.5.1");
        assertThat(old).containsEntry("Old prompt editing timelines", "True").containsEntry("Pad conds v0", "True")
                .containsEntry("Downcast alphas_cumprod", "True");
        assertThat(parser.parse("p\nSteps: 1, Seed: 1, Version: v1.7.0-224-g0123abc"))
                .containsEntry("Downcast alphas_cumprod", "True");
        assertThat(parser.parse("p\nSteps: 1, Seed: 1, Version: v1.7.0-225-g0123abc"))
                .doesNotContainKey("Downcast alphas_cumprod");
        assertThat(parser.parse("p\nSteps: 1, Seed: 1, Refiner: sdxl_refiner, Version: 1.7.0"))
                .containsEntry("Refiner switch by sampling steps", "True");
        assertThat(parser.parse("a [x]\nSteps: 1, Seed: 1, Version: v1.10.1"))
                .doesNotContainKeys("Old prompt editing timelines", "Downcast alphas_cumprod");
        assertThat(parser.parse("p\nSteps: 1, Seed: 1, Version: f2.0.1v1.10.1-previous-1-g0"))
                .doesNotContainKey("Downcast alphas_cumprod");
        assertThat(new InfotextParser(false, Set.of()).parse("p\nSteps: 1, Seed: 1, Version: v1.5.1"))
                .doesNotContainKey("Downcast alphas_cumprod");
        assertThat(InfotextVersion.parse("1.6").compareTo(InfotextVersion.parse("v1.6.0"))).isZero();
        assertThat(InfotextVersion.parse("1.10.0-RC").compareTo(InfotextVersion.parse("1.10.0"))).isNegative();
    }

    @Test
    void oldHiresFixFirstPassSizeBecomesNewFields() {
        Map<String, String> r = parser.parse("p\nSteps: 20, Seed: 1, Size: 1024x1024, First pass size: 0x0");
        assertThat(r).containsEntry("Size-1", "512").containsEntry("Size-2", "512")
                .containsEntry("Hires resize-1", "1024").containsEntry("Hires resize-2", "1024");
        Map<String, String> explicit = parser.parse("p\nSteps: 20, Seed: 1, Size: 1024x768, First pass size: 640x448");
        assertThat(explicit).containsEntry("Size-1", "640").containsEntry("Size-2", "448")
                .containsEntry("Hires resize-1", "1024").containsEntry("Hires resize-2", "768");
    }

    @Test
    void hypernetBecomesAPromptTagAndFp8GetsItsCompanion() {
        Map<String, String> r = parser.parse("girl\nSteps: 20, Seed: 1, Hypernet: anime, Hypernet strength: 0.8,"
                + " FP8 weight: Enable for SDXL");
        assertThat(r).containsEntry("Prompt", "girl<hypernet:anime:0.8>")
                .containsEntry("Cache FP16 weight for LoRA", "False");
    }

    @Test
    void invalidQuotedValuesStayAsWrittenAndSkipPastingRemovesKeys() {
        Map<String, String> r = new InfotextParser(true, Set.of("Seed", "RNG"))
                .parse("p\nSteps: 20, Seed: 1, Foo: \"bad \\q escape\", Bar: \"ok\"");
        assertThat(r).containsEntry("Foo", "\"bad \\q escape\"").containsEntry("Bar", "ok")
                .doesNotContainKeys("Seed", "RNG");
    }

    @Test
    void unicodeKeysAndValues() {
        Map<String, String> r = parser.parse("猫\nSteps: 20, Seed: 1, Größe Modus: groß, 模型: 中文");
        assertThat(r).containsEntry("Prompt", "猫").containsEntry("Größe Modus", "groß").containsEntry("模型", "中文");
    }

    /** Expected values produced by A1111's parsing code under CPython 3.11. */
    @Test
    void edgeCasesMatchCPython() {
        assertThat(parser.parseFields("a\nSteps:20,Sampler:Euler,  CFG scale :  7 , Size: 512x512")).containsExactly(
                Map.entry("Prompt", "a"), Map.entry("Negative prompt", ""), Map.entry("Steps", "20"),
                Map.entry("Sampler", "Euler"), Map.entry("CFG scale ", "7 "), Map.entry("Size-1", "512"),
                Map.entry("Size-2", "512"));
        assertThat(parser.parseFields("p\n\n\nNegative prompt:\nSteps: 1, Seed: 2, Size: 8x8"))
                .containsEntry("Prompt", "p\n\n").containsEntry("Negative prompt", "");
        assertThat(parser.parseFields("  \n p \r\nSteps: 1, Seed: 2, Size: 8x8\r"))
                .containsEntry("Prompt", "p").containsEntry("Size-2", "8");
        assertThat(parser.parseFields("p\nSteps: 1, Seed: 2, Seed: 3, Size: 08x0009"))
                .containsEntry("Seed", "3").containsEntry("Size-1", "08").containsEntry("Size-2", "0009");
        assertThat(parser.parseFields("p\nSteps: 1, Empty: , Seed: 2, Last:")).containsOnlyKeys(
                "Prompt", "Negative prompt", "Steps", "Seed");
    }
}

package dev.sdwebui.infotext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InfotextWriterTest {

    private final InfotextWriter writer = new InfotextWriter();

    private static InfotextParams.Builder cat() {
        return InfotextParams.builder("a photo of a cat", "blurry, lowres", 20, "Euler a", 7.0, 1234567890L, 512, 512)
                .scheduleType("Automatic").model("6ce0161689", "v1-5-pruned-emaonly").version("v1.10.1");
    }

    @Test
    void writesTheA1111LayoutWithPythonFloatFormatting() {
        assertThat(writer.write(cat().build())).isEqualTo(
                "a photo of a cat\nNegative prompt: blurry, lowres\nSteps: 20, Sampler: Euler a, Schedule type: Automatic,"
                        + " CFG scale: 7.0, Seed: 1234567890, Size: 512x512, Model hash: 6ce0161689,"
                        + " Model: v1-5-pruned-emaonly, Version: v1.10.1");
    }

    /** A v1.10.1 /sdapi/v1/txt2img infotext as published: API floats print as "7.0", Automatic is written. */
    @Test
    void reproducesARealApiInfotext() {
        InfotextParams p = InfotextParams.builder("a beautiful futuristic city at sunset, highly detailed, cinematic"
                        + " lighting", "", 30, "Euler", 7.0, 1010752383L, 512, 512).scheduleType("Automatic")
                .model("f47e942ad4", "realisticVisionV60B1_v51HyperVAE").version("v1.10.1").build();
        assertThat(writer.write(p)).isEqualTo("a beautiful futuristic city at sunset, highly detailed, cinematic"
                + " lighting\nSteps: 30, Sampler: Euler, Schedule type: Automatic, CFG scale: 7.0, Seed: 1010752383,"
                + " Size: 512x512, Model hash: f47e942ad4, Model: realisticVisionV60B1_v51HyperVAE, Version: v1.10.1");
    }

    @Test
    void omitsTheNegativeLineWhenEmptyAndStripsAnEmptyPrompt() {
        String text = writer.write(InfotextParams.builder("", "", 20, "Euler", 7.5, 1, 64, 64).build());
        assertThat(text).isEqualTo("Steps: 20, Sampler: Euler, CFG scale: 7.5, Seed: 1, Size: 64x64");
    }

    @Test
    void appliesA1111ValueConditions() {
        String plain = writer.write(cat().clipSkip(1).variationSeed(99, 0).rng("GPU").ensd(0).seedResizeFrom(0, 512)
                .build());
        assertThat(plain).doesNotContain("Clip skip", "Variation seed", "RNG", "ENSD", "Seed resize from", "Tiling");

        String all = writer.write(cat().clipSkip(2).variationSeed(99, 0.3).rng("CPU").ensd(31337)
                .seedResizeFrom(768, 512).tiling(true).denoisingStrength(0.45).faceRestoration("CodeFormer").build());
        assertThat(all).endsWith("Seed: 1234567890, Face restoration: CodeFormer, Size: 512x512,"
                + " Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Variation seed: 99, Variation seed strength: 0.3,"
                + " Seed resize from: 768x512, Denoising strength: 0.45, Clip skip: 2, ENSD: 31337, RNG: CPU,"
                + " Tiling: True, Version: v1.10.1");
    }

    @Test
    void extrasFollowFixedKeysInInsertionOrderAndFixedKeysKeepTheirSlot() {
        String text = writer.write(cat()
                .extra("Hires upscale", 2)
                .extra("Hires steps", 15)
                .extra("Hires upscaler", "R-ESRGAN 4x+")
                .extra("Lora hashes", "add_detail: 7c6bad76eb54")
                .extra("Token merging ratio", 0.5)
                .extra("Eta", 1.0)
                .extra("Flag", "Flag")
                .extra("Dropped", null)
                .rng("NV")
                .build());
        assertThat(text).endsWith("Model: v1-5-pruned-emaonly, Token merging ratio: 0.5, RNG: NV, Hires upscale: 2,"
                + " Hires steps: 15, Hires upscaler: R-ESRGAN 4x+, Lora hashes: \"add_detail: 7c6bad76eb54\","
                + " Eta: 1.0, Flag, Version: v1.10.1");
    }

    @Test
    void quotesOnlyCommaColonAndNewlineWithJsonEscapes() {
        assertThat(InfotextQuoting.quote("plain \"text\"")).isEqualTo("plain \"text\"");
        assertThat(InfotextQuoting.quote("a, b")).isEqualTo("\"a, b\"");
        assertThat(InfotextQuoting.quote("k: v")).isEqualTo("\"k: v\"");
        assertThat(InfotextQuoting.quote("x\ny \"q\" \\ \t\u0001"))
                .isEqualTo("\"x\\ny \\\"q\\\" \\\\ \\t\\u0001\"");
        assertThat(InfotextQuoting.quote("猫: ねこ")).isEqualTo("\"猫: ねこ\"");
        assertThat(InfotextQuoting.unquote("\"a \\u00e9 \\ud83d\\udc31\"")).isEqualTo("a é 🐱");
        assertThat(InfotextQuoting.unquote("\"bad \\q\"")).isEqualTo("\"bad \\q\"");
        assertThat(InfotextQuoting.unquote("\"")).isEqualTo("\"");
    }

    @Test
    void formatsNumbersLikePythonStr() {
        assertThat(PyFormat.str(7.0)).isEqualTo("7.0");
        assertThat(PyFormat.str(7.5)).isEqualTo("7.5");
        assertThat(PyFormat.str(0.1)).isEqualTo("0.1");
        assertThat(PyFormat.str(0.0001)).isEqualTo("0.0001");
        assertThat(PyFormat.str(0.00001)).isEqualTo("1e-05");
        assertThat(PyFormat.str(1.5e-7)).isEqualTo("1.5e-07");
        assertThat(PyFormat.str(1e16)).isEqualTo("1e+16");
        assertThat(PyFormat.str(1234567890123456.0)).isEqualTo("1234567890123456.0");
        assertThat(PyFormat.str(3e20)).isEqualTo("3e+20");
        assertThat(PyFormat.str(-0.0)).isEqualTo("-0.0");
        assertThat(PyFormat.str(-2.25)).isEqualTo("-2.25");
        assertThat(PyFormat.str(0.3f)).isEqualTo("0.30000001192092896");
        assertThat(PyFormat.str(8.676138422503308e17)).isEqualTo("8.676138422503308e+17"); // JDK 17 toString differs
        assertThat(PyFormat.str(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(PyFormat.str(5e-324)).isEqualTo("5e-324");
        assertThat(PyFormat.str(true)).isEqualTo("True");
        assertThat(PyFormat.str(12)).isEqualTo("12");
        assertThat(PyFormat.str(null)).isEqualTo("None");
    }

    @Test
    void rejectsImpossibleParams() {
        assertThatThrownBy(() -> InfotextParams.builder("p", "", 20, "Euler", 7, 1, 0, 512).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
    }

    @Test
    void writtenTextParsesBackToTheSameValues() {
        InfotextParams p = InfotextParams.builder("line one\nline two, <lora:x:0.5>", "neg", 30, "DPM++ 2M", 6.5,
                42, 640, 896).scheduleType("Karras").clipSkip(2).variationSeed(7, 0.25)
                .extra("Hires prompt", "with, comma: and \"quote\"").build();
        var parsed = new InfotextParser().parse(writer.write(p));
        assertThat(parsed).containsEntry("Prompt", "line one\nline two, <lora:x:0.5>")
                .containsEntry("Negative prompt", "neg").containsEntry("Steps", "30")
                .containsEntry("Sampler", "DPM++ 2M").containsEntry("Schedule type", "Karras")
                .containsEntry("CFG scale", "6.5").containsEntry("Size-1", "640").containsEntry("Size-2", "896")
                .containsEntry("Clip skip", "2").containsEntry("Variation seed", "7")
                .containsEntry("Variation seed strength", "0.25")
                .containsEntry("Hires prompt", "with, comma: and \"quote\"");
    }
}

package dev.sdwebui.infotext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of realistic A1111 infotexts: each is parsed into fields and written back from those fields
 * with A1111's quoting; the text must come back byte for byte.
 */
class InfotextRoundTripTest {

    static List<String> infotexts() {
        return List.of(
                // 1. plain txt2img, v1.10 layout
                "a photo of a cat\nNegative prompt: blurry, lowres\nSteps: 20, Sampler: Euler a, Schedule type: Automatic,"
                        + " CFG scale: 7, Seed: 1234567890, Size: 512x512, Model hash: 6ce0161689,"
                        + " Model: v1-5-pruned-emaonly, Version: v1.10.1",
                // 2. multi-line prompt, no negative, clip skip and ENSD
                "masterpiece, best quality\n1girl, solo, long hair\nsmile\nSteps: 28, Sampler: DPM++ 2M,"
                        + " Schedule type: Karras, CFG scale: 7.5, Seed: 42, Size: 512x768, Model hash: 7f96a1a9ca,"
                        + " Model: anythingV5, Clip skip: 2, ENSD: 31337, Version: v1.9.4",
                // 3. LoRA tag, lora/TI hashes (quoted: they contain ':'), emphasis
                "<lora:add_detail:0.6> portrait of an old fisherman, (detailed skin:1.2), [film grain]\n"
                        + "Negative prompt: easynegative, (worst quality:1.4)\nSteps: 30, Sampler: DPM++ 2M SDE,"
                        + " Schedule type: Exponential, CFG scale: 6.5, Seed: 3141592653, Size: 640x896,"
                        + " Model hash: 879db523c3, Model: dreamshaper_8,"
                        + " Lora hashes: \"add_detail: 7c6bad76eb54, epi_noiseoffset2: d1131f7207d6\","
                        + " TI hashes: \"easynegative: c74b4e810b03\", Emphasis: No norm, Version: v1.10.0",
                // 4. hires fix
                "a castle on a hill at sunset\nNegative prompt: text, watermark\nSteps: 25, Sampler: Euler,"
                        + " Schedule type: Uniform, CFG scale: 7.0, Seed: 987654321, Size: 512x512,"
                        + " Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Denoising strength: 0.45,"
                        + " Hires upscale: 2, Hires steps: 15, Hires upscaler: R-ESRGAN 4x+, Version: v1.10.1",
                // 5. hires fix to a fixed size, variation seed, seed resize, CPU RNG
                "a red fox in the snow\nSteps: 20, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7, Seed: 1000,"
                        + " Size: 512x512, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Variation seed: 2000,"
                        + " Variation seed strength: 0.3, Seed resize from: 768x512, Denoising strength: 0.7,"
                        + " RNG: CPU, Hires resize: 1024x1536, Hires upscaler: Latent, Version: v1.10.1",
                // 6. unicode prompt and negative prompt
                "一只可爱的猫咪, 桜の木の下, café crème 🐱\nNegative prompt: 低质量, ぼやけた\nSteps: 20,"
                        + " Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 5, Size: 512x512,"
                        + " Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1.10.1",
                // 7. quotes, backslashes and newlines inside quoted values
                "a \"quoted\" word\nNegative prompt: bad\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 7,"
                        + " Size: 512x512, Hires prompt: \"a \\\"quoted\\\" word, and a comma\","
                        + " Hires negative prompt: \"line one\\nline two\","
                        + " Hires checkpoint: \"C:\\\\models\\\\x.safetensors\", Version: v1.10.1",
                // 8. pre-1.9 sampler name with the scheduler in it
                "an astronaut riding a horse, [cat:dog:0.5]\nNegative prompt: ugly\nSteps: 50,"
                        + " Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 123, Size: 512x512, Model hash: 6ce0161689,"
                        + " Model: v1-5-pruned-emaonly, Version: v1.5.1",
                // 9. inpainting
                "a wooden bench\nNegative prompt: people\nSteps: 30, Sampler: DDIM, CFG scale: 8, Seed: 555,"
                        + " Size: 512x512, Model hash: c6bbc15e32, Model: sd-v1-5-inpainting, Denoising strength: 0.75,"
                        + " Conditional mask weight: 1.0, Mask blur: 4, Masked content: original,"
                        + " Inpaint area: Only masked, Masked area padding: 32, Version: v1.6.0",
                // 10. tiling, face restoration, token merging, eta, NGMS
                "seamless stone texture\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 8, Face restoration: CodeFormer,"
                        + " Size: 512x512, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Token merging ratio: 0.5,"
                        + " Tiling: True, Eta: 0.67, NGMS: 0.5, Version: v1.10.1",
                // 11. X/Y/Z plot script parameters with a quoted list
                "cyberpunk street at night, neon\nNegative prompt: blurry\nSteps: 20, Sampler: DPM++ SDE,"
                        + " Schedule type: Karras, CFG scale: 5.5, Seed: 77, Size: 768x512, Model hash: 6ce0161689,"
                        + " Model: v1-5-pruned-emaonly, Script: X/Y/Z plot, X Type: Seed, X Values: \"-1, 42, 100\","
                        + " Version: v1.10.1",
                // 12. multi-line negative prompt, SDXL size, VAE
                "a lighthouse in a storm\nNegative prompt: lowres\nbad anatomy\nSteps: 40, Sampler: DPM++ 2M,"
                        + " Schedule type: Karras, CFG scale: 4.5, Seed: 4294967295, Size: 1024x1024,"
                        + " Model hash: 31e35c80fc, Model: sd_xl_base_1.0, VAE hash: 235745af8d,"
                        + " VAE: sdxl_vae.safetensors, Version: v1.10.1");
    }

    @ParameterizedTest
    @MethodSource("infotexts")
    void parseThenWriteGivesTheSameText(String infotext) {
        Map<String, String> fields = new InfotextParser().parseFields(infotext);
        assertThat(reassemble(fields)).isEqualTo(infotext);
    }

    @ParameterizedTest
    @MethodSource("infotexts")
    void fullParseKeepsEveryWrittenField(String infotext) {
        Map<String, String> raw = new InfotextParser().parseFields(infotext);
        Map<String, String> full = new InfotextParser().parse(infotext);
        raw.forEach((k, v) -> {
            if (!k.equals("Sampler") && !k.equals("Schedule type")) {
                assertThat(full).containsEntry(k, v);
            }
        });
        assertThat(full).containsKeys("Clip skip", "RNG", "Schedule type", "Hires resize-1");
    }

    /** Writes parsed fields back the way create_infotext formats them. */
    static String reassemble(Map<String, String> fields) {
        List<String> keys = new ArrayList<>(fields.keySet());
        StringJoiner params = new StringJoiner(", ");
        for (int i = 2; i < keys.size(); i++) {
            String k = keys.get(i);
            if (k.endsWith("-1") && i + 1 < keys.size()
                    && keys.get(i + 1).equals(k.substring(0, k.length() - 2) + "-2")) {
                params.add(k.substring(0, k.length() - 2) + ": " + fields.get(k) + "x" + fields.get(keys.get(i + 1)));
                i++;
                continue;
            }
            params.add(k + ": " + InfotextQuoting.quote(fields.get(k)));
        }
        String neg = fields.get("Negative prompt");
        return fields.get("Prompt") + (neg.isEmpty() ? "" : "\nNegative prompt: " + neg) + "\n" + params;
    }
}

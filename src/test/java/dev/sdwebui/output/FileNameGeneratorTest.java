package dev.sdwebui.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileNameGeneratorTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T13:45:07Z"), ZoneId.of("UTC"));
    static final String PROMPT = "a photo of a cat, (masterpiece:1.2)";

    static NamingContext ctx(int batchSize, int nIter, int iteration, int batchIndex) {
        return new NamingContext(1234L, PROMPT, "blurry", 20, 7.0, "Euler a", List.of("None", "Cinematic"),
                List.of("cinematic still, {prompt}, film grain"), "6ce0161689", "v1-5 pruned", "20261126134500",
                batchSize, nIter, iteration, batchIndex, List.of(1234L, 1235L, 1236L), 2, null, null, null);
    }

    static BufferedImage image() {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, 10 << 16 | 20 << 8 | 30);
            }
        }
        return img;
    }

    static String apply(NamingContext c, String pattern) {
        return new FileNameGenerator(c, image(), new FileNames(128, false), CLOCK, 8).apply(pattern);
    }

    @Test
    void expandsTheA1111Tags() {
        NamingContext c = ctx(1, 1, 0, 0);
        assertThat(apply(c, "[seed]")).isEqualTo("1234");
        assertThat(apply(c, "[SEED]-[Steps]")).isEqualTo("1234-20");
        assertThat(apply(c, "[prompt]")).isEqualTo("a_photo_of_a_cat,_(masterpiece_1.2)");
        assertThat(apply(c, "[prompt_spaces]")).isEqualTo("a photo of a cat, (masterpiece_1.2)");
        assertThat(apply(c, "[prompt_words]")).isEqualTo("a photo of a cat masterpiece 1 2");
        assertThat(apply(c, "[steps]-[cfg]-[width]x[height]")).isEqualTo("20-7.0-64x48");
        assertThat(apply(c, "[sampler] [model_name] [model_hash] [clip_skip]"))
                .isEqualTo("Euler a v1-5 pruned 6ce0161689 2");
        assertThat(apply(c, "[styles]")).isEqualTo("Cinematic");
        assertThat(apply(c, "[job_timestamp]")).isEqualTo("20261126134500");
        assertThat(apply(c, "[prompt_hash] [prompt_hash<4>] [full_prompt_hash]")).isEqualTo("8ce62ec0 8ce6 a2e87d56");
        assertThat(apply(c, "[image_hash<10>]")).isEqualTo("1a5b9513a2");
        assertThat(apply(c, "[hasprompt<cat|nocat><dog|nodog><horse>]")).isEqualTo("catnodog");
        assertThat(apply(c, "[none]x[vae_filename]")).isEqualTo("xNoneType");
    }

    @Test
    void datesUseTheClockAndOptionalFormatAndZone() {
        NamingContext c = ctx(1, 1, 0, 0);
        assertThat(apply(c, "[date]")).isEqualTo("2026-11-26");
        assertThat(apply(c, "[datetime]")).isEqualTo("20261126134507");
        assertThat(apply(c, "[datetime<%Y_%m_%d %H-%M-%S><Asia/Tokyo>]")).isEqualTo("2026_11_26 22-45-07");
        assertThat(apply(c, "[datetime<%H:%M><No/Such_Zone>]")).isEqualTo("13_45");
        assertThat(apply(c, "[datetime<>]")).isEqualTo("20261126134507");
    }

    @Test
    void unknownOrEmptyTagsStayAndSkippingTagsDropTheTextBefore() {
        NamingContext one = ctx(1, 1, 0, 0);
        assertThat(apply(one, "[unknown]-[foo<x>]")).isEqualTo("[unknown]-[foo]");
        assertThat(apply(NamingContext.of(5L, "p"), "[steps]-[seed]")).isEqualTo("[steps]-5");
        assertThat(apply(one, "x-[batch_number]-y")).isEqualTo("-y");
        assertThat(apply(one, "a-[generation_number]-[seed_last]-[denoising]")).isEmpty();
        NamingContext batch = ctx(2, 2, 1, 1);
        assertThat(apply(batch, "[batch_number]/[generation_number]/[seed_first]/[seed_last]"))
                .isEqualTo("2/4/1234/1236");
    }

    @Test
    void promptWithoutStylesAndVaeNames() {
        NamingContext styled = new NamingContext(1L, "cinematic still, a dog, film grain", null, null, null, null,
                List.of("Cinematic"), List.of("cinematic still, {prompt}, film grain"), null, null, null, 1, 1, 0, 0,
                null, null, 0.5, null, "/models/VAE/.hidden.vae.pt");
        assertThat(apply(styled, "[prompt_no_styles]")).isEqualTo("a dog");
        assertThat(apply(styled, "[vae_filename] [denoising]")).isEqualTo("hidden 0.5");
    }

    @Test
    void sanitizesLikeA1111() {
        FileNames n = new FileNames(128, false);
        assertThat(n.sanitize("  a<b>:c\"d/e\\f|g?h*i\nj#k. . ", false)).isEqualTo("a_b__c_d_e_f_g_h_i_j_k");
        assertThat(n.sanitize("a b", true)).isEqualTo("a_b");
        assertThat(n.sanitize("x".repeat(200), true)).hasSize(128);
        assertThat(new FileNames(128, true).sanitize("a:b/c", false)).isEqualTo("a:b_c");
        assertThat(n.sanitize(null, true)).isNull();
        assertThat(apply(NamingContext.of(1L, ""), "[prompt_words]")).isEqualTo("empty");
    }

    @Test
    void nextSequenceNumberScansLikeA1111(@TempDir Path dir) throws Exception {
        assertThat(FileNames.nextSequenceNumber(dir, "")).isZero();
        for (String f : List.of("00000-1.png", "00007-5.png", "00003-x.txt", "grid-0012.png", "notanumber.png",
                "-5-x.png", "00041-999-some prompt.png.tmp")) {
            Files.writeString(dir.resolve(f), "");
        }
        Files.createDirectory(dir.resolve("00050-sub"));
        assertThat(FileNames.nextSequenceNumber(dir, "")).isEqualTo(51);
        assertThat(FileNames.nextSequenceNumber(dir, "grid")).isEqualTo(13);
        assertThat(FileNames.splitext(".hidden")).containsExactly(".hidden", "");
        assertThat(FileNames.splitext("a.b.png")).containsExactly("a.b", ".png");
    }
}

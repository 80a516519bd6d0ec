package dev.sdwebui.pipeline;

import static dev.sdwebui.postprocess.PilGolden.diff;
import static dev.sdwebui.postprocess.PilGolden.image;
import static dev.sdwebui.postprocess.PilGolden.ints;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sdwebui.postprocess.PilGolden;
import dev.sdwebui.postprocess.Pixels;
import dev.sdwebui.postprocess.ResizeMode;
import dev.sdwebui.postprocess.Upscaler;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * img2img/inpainting preparation and the final overlay against values Pillow and OpenCV computed for the
 * same inputs (src/test/resources/postprocess/pil-golden.json, made by
 * src/test/python/postprocess/pil_golden.py), and one end-to-end inpaint on the tiny reference checkpoint.
 */
class InpaintGoldenTest {

    @TempDir
    Path data;

    private static JsonNode g() {
        return PilGolden.root();
    }

    private static BufferedImage e2eMask() {
        BufferedImage mask = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 20; y < 40; y++) {
            for (int x = 16; x < 36; x++) {
                mask.setRGB(x, y, 0xffffff);
            }
        }
        return mask;
    }

    private static Img2ImgRequest e2eRequest(boolean invert, int fill, Map<String, Object> overrides) {
        GenerationRequest base = GenerationRequest.simple("a photo of a cat", 42, "Euler a", 6, 64, 64)
                .withOverrideSettings(overrides);
        return Img2ImgRequest.of(base, List.of(image(g().at("/e2e/init")).toImage()), 0.75)
                .withMask(e2eMask(), 4, fill, false, 0, invert);
    }

    @Test
    void preparedMaskAndOverlayEqualOpenCvAndPillow() {
        for (JsonNode c : g().at("/e2e/cases")) {
            boolean invert = c.get("invert").asBoolean();
            PreparedInit p = InitImages.prepare(e2eRequest(invert, 1, Map.of()), "#ffffff", Upscaler.NONE);
            int[] blurred = ints(c.get("blurred"));
            assertThat(p.imageMask().data()).as("blurred mask, invert " + invert + ": "
                    + diff(p.imageMask().data(), blurred)).isEqualTo(blurred);
            int[] overlay = ints(c.get("overlay"));
            assertThat(p.overlays().get(0).data()).as("overlay, invert " + invert + ": "
                    + diff(p.overlays().get(0).data(), overlay)).isEqualTo(overlay);
        }
    }

    @Test
    void resizeAndFillInitImageEqualsPillow() {
        JsonNode r = g().get("resize");
        BufferedImage pic = image(r.get("pic")).toImage();
        for (JsonNode c : r.get("cases")) {
            if (c.get("mode").asInt() != 2 || !c.get("src").asText().equals("pic")) {
                continue;
            }
            int w = c.get("w").asInt();
            int h = c.get("h").asInt();
            GenerationRequest base = GenerationRequest.simple("x", 1, "Euler", 4, w, h);
            Img2ImgRequest req = Img2ImgRequest.of(base, List.of(pic), 0.5).withResizeMode(ResizeMode.RESIZE_AND_FILL);
            int[] got = InitImages.prepare(req, "#ffffff", Upscaler.NONE).images().get(0).data();
            int[] want = ints(c.get("out"));
            assertThat(got).as(w + "x" + h + ": " + diff(got, want)).isEqualTo(want);
        }
    }

    @Test
    void greyAlphaPngIsReadAsItsGreyValuesForInitImageAndMask() throws Exception {
        for (JsonNode c : g().get("decode")) {
            if (!c.get("mode").asText().equals("LA")) {
                continue;
            }
            BufferedImage la = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                    java.util.Base64.getDecoder().decode(c.get("png").asText())));
            GenerationRequest base = GenerationRequest.simple("x", 1, "Euler", 4, la.getWidth(), la.getHeight());
            Img2ImgRequest req = Img2ImgRequest.of(base, List.of(la), 0.5).withMask(la, 0, 1, false, 0, false);
            PreparedInit p = InitImages.prepare(req, "#000000", Upscaler.NONE);
            // A1111: mode "LA" is neither flattened nor read through its alpha: convert('RGB') / convert('L').
            assertThat(p.images().get(0).data()).isEqualTo(ints(c.get("rgb")));
            assertThat(p.imageMask().data()).isEqualTo(ints(c.get("l")));
        }
    }

    @Test
    void latentMaskEqualsNumpyWithAndWithoutMaskRound() {
        JsonNode l = g().get("latmask");
        Pixels mask = image(l.get("mask"));
        int w = l.get("w").asInt();
        int h = l.get("h").asInt();
        for (String key : List.of("round", "raw")) {
            float[] got = LatentMask.latmask(mask, h, w, key.equals("round"));
            JsonNode want = l.get(key);
            assertThat(got).hasSize(want.size());
            for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).as(key + " " + i).isEqualTo((float) want.get(i).asDouble());
            }
        }
        // The fixture must exercise both: fractional values without rounding.
        assertThat(l.get("raw").toString()).contains(".");
    }

    @Test
    void inpaintingConditioningRoundsTheMaskOnlyWithMaskRound() {
        Pixels mask = new Pixels(16, 16, 1, new int[256]);
        java.util.Arrays.fill(mask.data(), 100); // 100 / 255 = 0.392: rounds to 0
        LatentEncoder zeros = (images, seeds, manager) -> manager.zeros(new Shape(images.getShape().get(0), 4,
                images.getShape().get(2) / 8, images.getShape().get(3) / 8));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray src = m.ones(new Shape(1, 3, 16, 16));
            float[] rounded = InitLatents.inpaintingConditioning(src, mask, true, 1.0, zeros, List.of(1L), 2, 2, m)
                    .get(":, 0").toFloatArray();
            float[] raw = InitLatents.inpaintingConditioning(src, mask, false, 1.0, zeros, List.of(1L), 2, 2, m)
                    .get(":, 0").toFloatArray();
            assertThat(rounded).containsOnly(0f);
            assertThat(raw).containsOnly(100 / 255f);
        }
    }

    /**
     * Proof of the final overlay: the inpainted picture equals, pixel for pixel, Pillow's alpha_composite
     * (written out below from AlphaComposite.c) of the model's raw output (overlay_inpaint off, same seed)
     * under the overlay Pillow computed for this init image and OpenCV-blurred mask; in the blend band
     * (0 < mask < 255) that is a true mix of both pictures.
     */
    @Tag("slow")
    @Test
    void endToEndInpaintBlendBandEqualsPillowComposite() throws Exception {
        Pixels init = image(g().at("/e2e/init"));
        try (Img2ImgFixture fx = new Img2ImgFixture(data, h -> h, null)) {
            for (JsonNode c : g().at("/e2e/cases")) {
                boolean invert = c.get("invert").asBoolean();
                int fill = invert ? 0 : 1;
                Pixels raw = Pixels.of(fx.run(e2eRequest(invert, fill, Map.of("randn_source", "CPU",
                        "overlay_inpaint", false))).images().get(0));
                Pixels out = Pixels.of(fx.run(e2eRequest(invert, fill, Map.of("randn_source", "CPU")))
                        .images().get(0));
                int[] blurred = ints(c.get("blurred"));
                int[] overlay = ints(c.get("overlay"));
                int band = 0;
                int mixed = 0;
                for (int i = 0; i < 64 * 64; i++) {
                    for (int ch = 0; ch < 3; ch++) {
                        int want = pillowOverOpaque(raw.data()[i * 3 + ch], overlay[i * 4 + ch], overlay[i * 4 + 3]);
                        assertThat(out.data()[i * 3 + ch]).as("invert %s pixel %d ch %d", invert, i, ch).isEqualTo(want);
                    }
                    if (blurred[i] > 0 && blurred[i] < 255) {
                        band++;
                        if (out.data()[i * 3] != raw.data()[i * 3] && out.data()[i * 3] != init.data()[i * 3]) {
                            mixed++;
                        }
                    }
                }
                assertThat(band).as("blend band pixels").isGreaterThan(300);
                assertThat(mixed).as("band pixels unlike both pictures").isGreaterThan(100);
            }
        }
    }

    /**
     * Pillow AlphaComposite.c for an opaque destination d and source (s, sa): 7 extra bits,
     * coef1 = sa * 255 * 255 * 128 / outa255, SHIFTFORDIV255 rounding.
     */
    private static int pillowOverOpaque(int d, int s, int sa) {
        if (sa == 0) {
            return d;
        }
        long outa255 = sa * 255L + 255L * (255 - sa);
        long coef1 = sa * 255L * 255L * 128 / outa255;
        long coef2 = 255L * 128 - coef1;
        long tmp = s * coef1 + d * coef2 + (0x80 << 7);
        return (int) ((((tmp >> 8) + tmp) >> 8) >> 7);
    }
}

package dev.sdwebui.postprocess;

import static dev.sdwebui.postprocess.PilGolden.diff;
import static dev.sdwebui.postprocess.PilGolden.image;
import static dev.sdwebui.postprocess.PilGolden.ints;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The image operations of img2img/inpainting against Pillow 9.4 and OpenCV 4.6, value for value (golden
 * file made by src/test/python/postprocess/pil_golden.py; Ref: A1111 v1.10 processing.py
 * {@code StableDiffusionProcessingImg2Img.init} / {@code apply_overlay} / {@code uncrop}, images.py
 * {@code resize_image} / {@code flatten}, masking.py {@code fill}).
 */
class PilGoldenTest {

    private static JsonNode g() {
        return PilGolden.root();
    }

    private static void same(int[] got, int[] want, String what) {
        assertThat(got).as(what + ": " + diff(got, want)).isEqualTo(want);
    }

    @Test
    void oneAxisGaussianBlurMatchesOpenCvForEverySigmaUpTo64() {
        Pixels src = image(g().at("/blur1d/src"));
        Pixels transposed = transpose(src);
        for (JsonNode c : g().at("/blur1d/cases")) {
            int sigma = c.get("sigma").asInt();
            boolean h = c.get("horizontal").asBoolean();
            Pixels got = Masks.gaussianBlur(h ? src : transposed, sigma, h);
            same(got.data(), ints(c.get("out")), "sigma " + sigma + (h ? " x" : " y"));
        }
    }

    @Test
    void maskBlurXThenYMatchesOpenCvIncludingMasksSmallerThanTheKernel() {
        for (JsonNode c : g().get("blur2d")) {
            Pixels src = image(c.get("src"));
            Pixels got = Masks.blur(src, c.get("bx").asInt(), c.get("by").asInt());
            same(got.data(), ints(c.get("out")), src.width() + "x" + src.height() + " blur " + c.get("bx") + "," + c.get("by"));
        }
    }

    @Test
    void binaryMaskFollowsMaskRound() {
        for (JsonNode c : g().get("binary")) {
            Pixels got = Masks.binary(image(c.get("src")), c.get("round").asBoolean());
            same(got.data(), ints(c.get("out")), c.get("name").asText() + " round " + c.get("round"));
        }
    }

    @Test
    void resizeImageMatchesPillowInEveryModeAndDirection() {
        JsonNode r = g().get("resize");
        Pixels pic = image(r.get("pic"));
        Pixels mask = image(r.get("mask"));
        for (JsonNode c : r.get("cases")) {
            boolean isMask = c.get("src").asText().equals("mask");
            int w = c.get("w").asInt();
            int h = c.get("h").asInt();
            Pixels got = ImageResize.resize(ResizeMode.of(c.get("mode").asInt()), isMask ? mask : pic, w, h, null);
            assertThat(got.channels()).isEqualTo(isMask ? 1 : 3);
            same(got.data(), ints(c.get("out")), c.get("src").asText() + " mode " + c.get("mode") + " to " + w + "x" + h);
        }
    }

    @Test
    void alphaCompositeMatchesPillowForEveryAlphaPair() {
        JsonNode c = g().get("composite");
        Pixels got = PilComposite.alphaComposite(image(c.get("dst")), image(c.get("src")));
        same(got.data(), ints(c.get("out")), "alpha_composite");
    }

    @Test
    void overlayAndFinalCompositeMatchPillow() {
        JsonNode o = g().get("overlay");
        Pixels pic = image(o.get("pic"));
        Pixels overlay = InpaintOverlay.overlay(pic, image(o.get("mask_for_overlay")));
        same(overlay.data(), ints(o.get("overlay")), "overlay");
        same(InpaintOverlay.apply(image(o.get("generated")), null, overlay, null).data(), ints(o.get("applied")),
                "apply_overlay");
    }

    @Test
    void onlyMaskedUncropAndCompositeMatchPillow() {
        JsonNode o = g().get("overlay");
        Pixels pic = image(o.get("pic"));
        Pixels blurred = image(g().at("/fill/mask"));
        Pixels overlay = InpaintOverlay.overlay(pic, blurred);
        same(overlay.data(), ints(o.get("overlay_only_masked")), "overlay (only masked)");
        Pixels got = InpaintOverlay.apply(image(o.get("generated_small")), ints(o.get("paste_to")), overlay, null);
        same(got.data(), ints(o.get("applied_only_masked")), "uncrop + apply_overlay");
    }

    @Test
    void flattenPastesThroughAlphaOnTheBackgroundColour() {
        JsonNode f = g().get("flatten");
        Pixels src = image(f.get("src"));
        for (JsonNode c : f.get("cases")) {
            same(PilComposite.flatten(src, c.get("color").asText()).data(), ints(c.get("out")), c.get("color").asText());
        }
    }

    @Test
    void maskedContentFillMatchesPillow() {
        JsonNode f = g().get("fill");
        same(MaskedFill.fill(image(f.get("pic")), image(f.get("mask"))).data(), ints(f.get("out")), "masking.fill");
    }

    @Test
    void greyAndPalettePngsDecodeToTheValuesPillowReads() throws Exception {
        for (JsonNode c : g().get("decode")) {
            byte[] png = java.util.Base64.getDecoder().decode(c.get("png").asText());
            Pixels p = Pixels.of(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)));
            String mode = c.get("mode").asText();
            same(p.toRgb().data(), ints(c.get("rgb")), mode + " as RGB");
            // A1111 create_binary_mask on a non-RGBA mask: convert('L').
            if (!mode.equals("LA")) {
                same(Masks.binary(p, true).data(), ints(c.get("l")), mode + " as an L mask");
            }
        }
    }

    static Pixels transpose(Pixels p) {
        Pixels t = Pixels.blank(p.height(), p.width(), p.channels());
        for (int y = 0; y < p.height(); y++) {
            for (int x = 0; x < p.width(); x++) {
                for (int c = 0; c < p.channels(); c++) {
                    t.set(y, x, c, p.get(x, y, c));
                }
            }
        }
        return t;
    }
}

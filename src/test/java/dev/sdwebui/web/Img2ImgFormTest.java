package dev.sdwebui.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdwebui.pipeline.HiresOptions;
import dev.sdwebui.pipeline.Img2ImgRequest;
import dev.sdwebui.postprocess.ResizeMode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The img2img tab's JSON (A1111 field names) to pipeline requests, and the txt2img Hires. fix fields. */
class Img2ImgFormTest {

    private final ObjectMapper json = new ObjectMapper();

    private static String png(int w, int h) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    @Test
    void mapsTheInpaintFields() throws Exception {
        String body = "{\"prompt\":\"p\",\"steps\":3,\"width\":64,\"height\":64,\"init_images\":[\"" + png(40, 30)
                + "\"],\"mask\":\"" + png(40, 30) + "\",\"resize_mode\":2,\"denoising_strength\":0.5,"
                + "\"mask_blur\":7,\"inpainting_fill\":3,\"inpaint_full_res\":true,\"inpaint_full_res_padding\":16,"
                + "\"inpainting_mask_invert\":1}";
        Img2ImgRequest r = json.readValue(body, Img2ImgForm.class).toRequest();
        assertThat(r.initImages()).singleElement().satisfies(i -> assertThat(i.getWidth()).isEqualTo(40));
        assertThat(r.mask().getHeight()).isEqualTo(30);
        assertThat(r.resizeMode()).isEqualTo(ResizeMode.RESIZE_AND_FILL);
        assertThat(r.denoisingStrength()).isEqualTo(0.5);
        assertThat(r.maskBlurX()).isEqualTo(7);
        assertThat(r.maskBlurY()).isEqualTo(7);
        assertThat(r.inpaintingFill()).isEqualTo(3);
        assertThat(r.inpaintFullRes()).isTrue();
        assertThat(r.inpaintFullResPadding()).isEqualTo(16);
        assertThat(r.inpaintingMaskInvert()).isTrue();
        assertThat(r.base().steps()).isEqualTo(3);
        assertThat(r.base().width()).isEqualTo(64);
    }

    @Test
    void defaultsAreA1111sImg2ImgUiDefaults() throws Exception {
        Img2ImgRequest r = json.readValue("{\"init_images\":[\"" + png(8, 8) + "\"]}", Img2ImgForm.class).toRequest();
        assertThat(r.mask()).isNull();
        assertThat(r.denoisingStrength()).isEqualTo(0.75);
        assertThat(r.maskBlurX()).isEqualTo(4);
        assertThat(r.inpaintingFill()).isEqualTo(1);
        assertThat(r.inpaintFullRes()).isFalse();
        assertThat(r.inpaintFullResPadding()).isEqualTo(32);
        assertThat(r.resizeMode()).isEqualTo(ResizeMode.JUST_RESIZE);
    }

    @Test
    void badInputGetsAClearMessage() throws Exception {
        assertThatThrownBy(() -> json.readValue("{\"prompt\":\"x\"}", Img2ImgForm.class).toRequest())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Upload an image");
        assertThatThrownBy(() -> json.readValue("{\"init_images\":[\"data:image/png;base64,AAAA\"]}",
                Img2ImgForm.class).toRequest()).hasMessageContaining("not a PNG");
        assertThatThrownBy(() -> json.readValue("{\"init_images\":[\"" + png(8, 8) + "\"],\"mask\":\"%%%\"}",
                Img2ImgForm.class).toRequest()).hasMessageContaining("mask");
        assertThatThrownBy(() -> json.readValue("{\"init_images\":[\"" + png(8, 8) + "\"],\"denoising_strength\":2}",
                Img2ImgForm.class).toRequest()).hasMessageContaining("denoising_strength");
    }

    @Test
    void hiresFieldsOfTxt2Img() throws Exception {
        assertThat(json.readValue("{\"prompt\":\"p\",\"hr_scale\":3}", Txt2ImgForm.class).toHires()).isNull();
        HiresOptions h = json.readValue("{\"enable_hr\":true,\"hr_upscaler\":\"Lanczos\",\"hr_scale\":1.5,"
                + "\"hr_second_pass_steps\":5,\"denoising_strength\":0.4,\"hr_resize_x\":96}", Txt2ImgForm.class).toHires();
        assertThat(h.upscaler()).isEqualTo("Lanczos");
        assertThat(h.scale()).isEqualTo(1.5);
        assertThat(h.secondPassSteps()).isEqualTo(5);
        assertThat(h.denoisingStrength()).isEqualTo(0.4);
        assertThat(h.resizeX()).isEqualTo(96);
        assertThat(h.resizeY()).isZero();
        HiresOptions d = json.readValue("{\"enable_hr\":true}", Txt2ImgForm.class).toHires();
        assertThat(d.scale()).isEqualTo(2.0);
        assertThat(d.denoisingStrength()).isEqualTo(0.7);
        assertThat(d.upscaler()).isNull();
    }
}

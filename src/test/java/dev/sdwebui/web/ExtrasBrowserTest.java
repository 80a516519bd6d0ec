package dev.sdwebui.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.support.ui.Select;

/**
 * The Extras tab in a real browser: upload a picture, pick a model upscaler found in models/ESRGAN, scale by
 * 2, Generate; the result, its postprocessing infotext and the file saved in outputs/extras-images.
 */
@Tag("browser")
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExtrasBrowserTest {

    private RunningApp app;
    private Browser browser;
    private Path data;
    private Path ref;

    @BeforeAll
    void start() throws Exception {
        ref = SharedReference.sharedDir().resolve("reference/upscale-tiny");
        data = Files.createTempDirectory("sdwebui-extras-ui");
        Files.createDirectories(data.resolve("models/ESRGAN"));
        Files.copy(ref.resolve("models/esrgan-old-4x.pth"), data.resolve("models/ESRGAN/esrgan-old-4x.pth"));
        app = RunningApp.start(data, "http");
        browser = Browser.start("light");
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void upscaleWithAModelShowsTheResultAndItsInfotext() throws Exception {
        browser.open(app.base() + "/");
        browser.find("#tab-button-extras").click();
        assertThat(browser.find("#extras_face_restoration_note").getText()).contains("No face restorer");
        browser.find("#extras_image_file").sendKeys(ref.resolve("inputs/grad48x40.png").toString());
        browser.waitFor(Duration.ofSeconds(10), d -> (Boolean) browser.js(
                "const i = document.querySelector('#extras_image img'); return !!i && i.naturalWidth === 48"));
        new Select(browser.find("#extras_upscaler_1")).selectByVisibleText("esrgan-old-4x");
        browser.setValue("#extras_upscaling_resize_number", 2);
        browser.find("#extras_generate").click();
        browser.waitFor(Duration.ofMinutes(2), d -> (Boolean) browser.js(
                "const i = document.querySelector('#extras_gallery img'); return !!i && i.complete && i.naturalWidth > 0"));
        assertThat(browser.js("return document.querySelector('#extras_gallery img').naturalWidth")).isEqualTo(96L);
        assertThat(browser.js("return document.querySelector('#extras_gallery img').naturalHeight")).isEqualTo(80L);
        assertThat(browser.find("#html_info_extras").getText())
                .isEqualTo("Postprocess upscale by: 2, Postprocess upscaler: esrgan-old-4x");
        assertThat(browser.find("#extras_send_to_img2img").isEnabled()).isTrue();
        try (Stream<Path> files = Files.list(data.resolve("outputs/extras-images"))) {
            List<Path> saved = files.filter(p -> p.toString().endsWith(".png")).toList();
            assertThat(saved).hasSize(1);
            String png = new String(Files.readAllBytes(saved.get(0)), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(png).contains("extras").contains("Postprocess upscaler: esrgan-old-4x");
        }
    }
}

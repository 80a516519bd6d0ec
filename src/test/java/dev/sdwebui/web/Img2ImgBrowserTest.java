package dev.sdwebui.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The img2img tab (upload, paint a mask on the Inpaint canvas, Generate) and txt2img's Hires. fix,
 * in a real browser against the real app with the tiny SD1 checkpoint.
 */
@Tag("browser")
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Img2ImgBrowserTest {

    private RunningApp app;
    private Browser browser;
    private Path data;

    @BeforeAll
    void start() throws Exception {
        Path ckpt = SharedReference.tinyDir().resolve("tiny-fp32.safetensors");
        data = Files.createTempDirectory("sdwebui-i2i-ui");
        app = RunningApp.start(data, "http", "--ckpt", ckpt.toString());
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

    @BeforeEach
    void openPage() {
        browser.open(app.base() + "/");
    }

    @AfterEach
    void stopRunningJob() {
        browser.js("api('internal/interrupt', {method: 'POST'}).catch(() => {})");
    }

    /** A 64x64 PNG: left half red, right half blue. */
    private Path inputPng() throws Exception {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 32, 64);
        g.setColor(Color.BLUE);
        g.fillRect(32, 0, 32, 64);
        g.dispose();
        Path file = data.resolve("input.png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private void settle(String tab, int steps, int size) {
        browser.setValue("#" + tab + "_steps input[type=number]", steps);
        browser.setValue("#" + tab + "_width input[type=number]", size);
        browser.setValue("#" + tab + "_height input[type=number]", size);
        browser.setValue("#" + tab + "_seed input", 99);
    }

    private List<WebElement> awaitGallery(String tab) {
        browser.waitFor(Duration.ofSeconds(10), d -> browser.find("#" + tab + "_interrupt").isDisplayed()
                || !browser.driver().findElements(By.cssSelector("#" + tab + "_gallery .gallery-item img")).isEmpty());
        browser.waitFor(Duration.ofMinutes(3), d -> browser.find("#" + tab + "_generate").isDisplayed());
        browser.waitFor(Duration.ofSeconds(10), d -> (Boolean) browser.js(
                "const i = document.querySelector('#" + tab + "_gallery .gallery-item img'); return !!i && i.complete && i.naturalWidth > 0"));
        return browser.driver().findElements(By.cssSelector("#" + tab + "_gallery .gallery-item img"));
    }

    @Test
    void inpaintWithAPaintedMask() throws Exception {
        browser.find("#tab-button-img2img").click();
        WebElement prompt = browser.find("#img2img_prompt textarea");
        prompt.clear();
        prompt.sendKeys("a green square");
        browser.find("#img2img_image_file").sendKeys(inputPng().toString());
        browser.waitFor(Duration.ofSeconds(10), d -> (Boolean) browser.js(
                "const i = document.querySelector('#img2img_image img'); return !!i && i.naturalWidth === 64"));
        browser.find("#img2img_inpaint_tab").click();
        WebElement canvas = browser.find("#img2maskimg canvas");
        browser.waitFor(Duration.ofSeconds(10), d -> canvas.getAttribute("width").equals("64"));
        assertThat(browser.find("#img2img_mask_blur").isDisplayed()).isTrue();

        browser.setValue("#img2img_brush_size input[type=number]", 80);
        // a stroke across the middle of the canvas (offsets are from its centre)
        new Actions(browser.driver()).moveToElement(canvas, -60, 0).clickAndHold().moveByOffset(40, 5)
                .moveByOffset(40, -5).moveByOffset(40, 0).release().perform();
        String mask = (String) browser.js("return i2iMaskDataUrl()");
        Long white = (Long) browser.js("const c = document.createElement('canvas'); c.width = 64; c.height = 64;"
                + "const x = c.getContext('2d'); const im = new Image(); im.src = arguments[0];"
                + "return new Promise(r => im.onload = () => { x.drawImage(im, 0, 0);"
                + "const d = x.getImageData(0, 0, 64, 64).data; let n = 0;"
                + "for (let i = 0; i < d.length; i += 4) if (d[i] > 200) n++; r(n); });", mask);
        assertThat(white).as("painted mask pixels").isBetween(20L, 64L * 64 - 200);

        settle("img2img", 3, 64);
        browser.setValue("#img2img_mask_blur input[type=number]", 2);
        browser.find("#img2img_generate").click();
        List<WebElement> images = awaitGallery("img2img");
        String log = browser.find("#html_log_img2img").getText();
        assertThat(images).as("log: %s", log).hasSize(1);
        assertThat(browser.js("return arguments[0].naturalWidth", images.get(0))).isEqualTo(64L);
        // outside the stroke the original is pasted back (A1111 apply_overlay); under it the image was redrawn
        List<?> corner = pixel(images.get(0), 2, 2);
        List<?> stroked = pixel(images.get(0), 20, 32);
        assertThat(corner).as("unmasked corner").isEqualTo(List.of(255L, 0L, 0L));
        assertThat(stroked).as("painted pixel").isNotEqualTo(List.of(255L, 0L, 0L));
        String info = browser.find("#html_info_img2img").getText();
        assertThat(info).startsWith("a green square").contains("Denoising strength: 0.75").contains("Mask blur: 2")
                .contains("Seed: 99");
    }

    /** RGB of one pixel of a loaded same-origin image. */
    private List<?> pixel(WebElement img, int x, int y) {
        return (List<?>) browser.js("const i = arguments[0]; const c = document.createElement('canvas');"
                + "c.width = i.naturalWidth; c.height = i.naturalHeight; const g = c.getContext('2d');"
                + "g.drawImage(i, 0, 0); const d = g.getImageData(arguments[1], arguments[2], 1, 1).data;"
                + "return [d[0], d[1], d[2]];", img, x, y);
    }

    @Test
    void inpaintUploadWithAMaskFile() throws Exception {
        BufferedImage maskImage = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = maskImage.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 32, 64, 32);
        g.dispose();
        Path maskFile = data.resolve("mask.png");
        ImageIO.write(maskImage, "png", maskFile.toFile());
        browser.find("#tab-button-img2img").click();
        browser.find("#img2img_inpaint_upload_tab").click();
        browser.find("#img_inpaint_base_file").sendKeys(inputPng().toString());
        browser.find("#img_inpaint_mask_file").sendKeys(maskFile.toString());
        browser.waitFor(Duration.ofSeconds(10), d -> (Boolean) browser.js(
                "const i = document.querySelector('#img_inpaint_mask img'); return !!i && i.naturalWidth === 64"));
        settle("img2img", 2, 64);
        browser.find("#img2img_generate").click();
        List<WebElement> images = awaitGallery("img2img");
        assertThat(images).hasSize(1);
        assertThat(pixel(images.get(0), 2, 2)).as("top half is outside the mask").isEqualTo(List.of(255L, 0L, 0L));
        assertThat(browser.find("#html_info_img2img").getText()).contains("Mask blur: 4").contains("Steps: 2");
    }

    @Test
    void inpaintWithoutAMaskIsRefusedInTheBrowser() throws Exception {
        browser.find("#tab-button-img2img").click();
        browser.find("#img2maskimg_file").sendKeys(inputPng().toString());
        browser.find("#img2img_inpaint_tab").click();
        browser.find("#img2img_generate").click();
        browser.waitFor(Duration.ofSeconds(5), d -> browser.find("#toast").getText().contains("mask"));
        assertThat(browser.find("#img2img_generate").isDisplayed()).isTrue();
    }

    @Test
    void txt2imgHiresFixDoublesTheSize() {
        browser.find("#tab-button-txt2img").click();
        WebElement area = browser.find("#txt2img_prompt textarea");
        area.clear();
        area.sendKeys("a hires cube");
        settle("txt2img", 2, 64);
        browser.find("#txt2img_hr summary").click();
        browser.find("#txt2img_enable_hr input").click();
        browser.setValue("#txt2img_hr_scale input[type=number]", 2);
        browser.setValue("#txt2img_hires_steps input[type=number]", 2);
        browser.js("setField('txt2img_hr_upscaler', 'Latent')");
        browser.find("#txt2img_generate").click();
        List<WebElement> images = awaitGallery("txt2img");
        assertThat(images).as("log: %s", browser.find("#html_log_txt2img").getText()).hasSize(1);
        assertThat(browser.js("return arguments[0].naturalWidth", images.get(0))).isEqualTo(128L);
        assertThat(browser.find("#html_info_txt2img").getText()).contains("Hires upscale: 2")
                .contains("Hires upscaler: Latent").contains("Size: 64x64");
    }
}

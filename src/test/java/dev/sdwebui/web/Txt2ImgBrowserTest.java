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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The browser UI against the real app (tiny SD1 checkpoint, no --api): generate with live progress,
 * interrupt, infotext paste, PNG Info of the generated file, settings that survive a reload.
 */
@Tag("browser")
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Txt2ImgBrowserTest {

    private static final String PROGRESS_LOG = "window.__progress = [];"
            + "const t = document.querySelector('#txt2img_progress .progress-text');"
            + "const bar = document.querySelector('#txt2img_progress .progress-bar');"
            + "new MutationObserver(() => window.__progress.push(t.textContent + '|' + bar.getAttribute('aria-valuenow')))"
            + ".observe(t, {childList: true, characterData: true, subtree: true});";

    private RunningApp app;
    private Browser browser;
    private Path data;

    @BeforeAll
    void start() throws Exception {
        Path ckpt = SharedReference.tinyDir().resolve("tiny-fp32.safetensors");
        data = Files.createTempDirectory("sdwebui-ui");
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
        browser.find("#tab-button-txt2img").click();
    }

    /** A test that failed mid-job must not leave it running for the next one. */
    @AfterEach
    void stopRunningJob() {
        browser.js("api('internal/interrupt', {method: 'POST'}).catch(() => {})");
        browser.waitFor(Duration.ofMinutes(2), d -> browser.find("#txt2img_generate").isDisplayed()
                || !browser.find("#tab_txt2img").isDisplayed());
    }

    private void fill(String prompt, int steps, int size, int batchCount) {
        WebElement area = browser.find("#txt2img_prompt textarea");
        area.clear();
        area.sendKeys(prompt);
        browser.setValue("#txt2img_steps input[type=number]", steps);
        browser.setValue("#txt2img_width input[type=number]", size);
        browser.setValue("#txt2img_height input[type=number]", size);
        browser.setValue("#txt2img_batch_count input[type=number]", batchCount);
        browser.setValue("#txt2img_seed input", 1234);
    }

    /** Waits for the Generate button to come back (the job ended) and returns the log line. */
    private String awaitFinished(Duration timeout) {
        browser.waitFor(timeout, d -> browser.find("#txt2img_generate").isDisplayed());
        return browser.find("#html_log_txt2img").getText();
    }

    @SuppressWarnings("unchecked")
    private List<String> progressLog() {
        return (List<String>) browser.js("return window.__progress");
    }

    @Test
    @Order(1)
    void generateShowsTheImageAndItsInfotext() {
        // 24 steps: enough for several 400 ms progress polls even on a fast machine (~30 ms a step here)
        fill("a red cube", 24, 64, 1);
        browser.js(PROGRESS_LOG);
        browser.find("#txt2img_generate").click();
        browser.waitFor(Duration.ofSeconds(10), d -> browser.find("#txt2img_interrupt").isDisplayed()
                || browser.find("#txt2img_gallery img.gallery-item, #txt2img_gallery .gallery-item img").isDisplayed());
        String log = awaitFinished(Duration.ofMinutes(3));

        List<WebElement> images = browser.driver().findElements(By.cssSelector("#txt2img_gallery .gallery-item img"));
        assertThat(images).as("log: %s", log).hasSize(1);
        assertThat(browser.js("return arguments[0].naturalWidth", images.get(0))).isEqualTo(64L);
        String info = browser.find("#html_info_txt2img").getText();
        assertThat(info).startsWith("a red cube").contains("Steps: 24").contains("Seed: 1234").contains("Size: 64x64");
        assertThat(log).startsWith("Time taken:");
        // the bar moved: a step counter with a non-zero percentage was shown while sampling
        assertThat(progressLog()).as("progress texts seen").anySatisfy(s -> {
            assertThat(s).matches("Step [1-9]\\d*/24 .*\\|\\d+");
            assertThat(Integer.parseInt(s.substring(s.lastIndexOf('|') + 1))).isGreaterThan(0);
        });
        assertThat(browser.find("#txt2img_generate").isDisplayed()).isTrue();
        assertThat(browser.find("#txt2img_interrupt").isDisplayed()).isFalse();
    }

    @Test
    @Order(3)
    void reloadReattachesAndInterruptStopsALongJob() {
        // 4 batches of 150 steps: several seconds per batch even on a fast machine, so the interrupt lands in batch 1
        fill("interrupt me", 150, 64, 4);
        browser.js(PROGRESS_LOG);
        browser.find("#txt2img_generate").click();
        browser.waitFor(Duration.ofMinutes(2), d -> browser.find("#txt2img_progress .progress-text").getText().contains("Step "));
        // a reload re-attaches to the running job
        browser.open(app.base() + "/");
        browser.waitFor(Duration.ofSeconds(30), d -> browser.find("#txt2img_interrupt").isDisplayed()
                && browser.find("#txt2img_progress .progress-text").getText().contains("Step "));
        browser.js(PROGRESS_LOG);
        long t0 = System.nanoTime();
        browser.find("#txt2img_interrupt").click();
        String log = awaitFinished(Duration.ofMinutes(2));
        assertThat(log).contains("Interrupted.");
        // 4 batches of 150 steps did not all run: the job stopped after the current step
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
        assertThat(progressLog()).noneSatisfy(s -> assertThat(s).startsWith("Batch 2/4"));
    }

    @Test
    @Order(4)
    void pasteButtonFillsEveryFieldFromAnInfotext() {
        WebElement area = browser.find("#txt2img_prompt textarea");
        area.clear();
        area.sendKeys("a cat on a mat" + Keys.chord(Keys.SHIFT, Keys.ENTER) + "Negative prompt: ugly, blurry"
                + Keys.chord(Keys.SHIFT, Keys.ENTER)
                + "Steps: 13, Sampler: Euler, Schedule type: Karras, CFG scale: 5.5, Seed: 4242, Size: 96x80, "
                + "Variation seed: 77, Variation seed strength: 0.3, Clip skip: 2");
        browser.find("#paste").click();
        browser.waitFor(Duration.ofSeconds(10), d -> "a cat on a mat".equals(area.getAttribute("value")));
        assertThat(browser.find("#txt2img_neg_prompt textarea").getAttribute("value")).isEqualTo("ugly, blurry");
        assertThat(browser.find("#txt2img_steps input").getAttribute("value")).isEqualTo("13");
        assertThat(browser.find("#txt2img_sampling select").getAttribute("value")).isEqualTo("Euler");
        assertThat(browser.find("#txt2img_scheduler select").getAttribute("value")).isEqualTo("Karras");
        assertThat(browser.find("#txt2img_cfg_scale input").getAttribute("value")).isEqualTo("5.5");
        assertThat(browser.find("#txt2img_seed input").getAttribute("value")).isEqualTo("4242");
        assertThat(browser.find("#txt2img_width input").getAttribute("value")).isEqualTo("96");
        assertThat(browser.find("#txt2img_height input").getAttribute("value")).isEqualTo("80");
        assertThat(browser.find("#txt2img_subseed input").getAttribute("value")).isEqualTo("77");
        assertThat(browser.find("#txt2img_subseed_strength input").getAttribute("value")).isEqualTo("0.3");
        assertThat(browser.find("#txt2img_seed_extras").isDisplayed()).isTrue();
        assertThat(browser.find("#txt2img_override_settings").getText()).contains("CLIP_stop_at_last_layers: 2");
    }

    @Test
    @Order(5)
    void pngInfoShowsTheParametersOfTheGeneratedFile() throws Exception {
        Path saved;
        try (Stream<Path> files = Files.walk(data.resolve("outputs"))) {
            saved = files.filter(p -> p.toString().endsWith(".png") && p.toString().contains("txt2img-images"))
                    .sorted().findFirst().orElseThrow();
        }
        browser.find("#tab-button-pnginfo").click();
        browser.find("#pnginfo_file").sendKeys(saved.toString());
        browser.waitFor(Duration.ofSeconds(10), d -> browser.find("#pnginfo_html").getText().contains("Steps:"));
        String shown = browser.find("#pnginfo_html").getText();
        assertThat(shown).contains("parameters").contains("a red cube").contains("Steps: 24").contains("Size: 64x64");

        browser.find("#pnginfo_send_to_txt2img").click();
        assertThat(browser.find("#tab_txt2img").isDisplayed()).isTrue();
        assertThat(browser.find("#txt2img_prompt textarea").getAttribute("value")).isEqualTo("a red cube");
        assertThat(browser.find("#txt2img_steps input").getAttribute("value")).isEqualTo("24");
    }

    @Test
    @Order(6)
    void settingChangedInSettingsSurvivesAReload() {
        browser.find("#tab-button-settings").click();
        browser.setValue("#setting_jpeg_quality input", 91);
        WebElement gridSave = browser.find("#setting_grid_save input");
        assertThat(gridSave.isSelected()).isTrue();
        gridSave.click();
        browser.find("#settings_submit").click();
        browser.waitFor(Duration.ofSeconds(10), d -> browser.find("#settings_result").getText().contains("2 settings changed"));

        browser.find("#settings_restart_gradio").click();
        browser.waitFor(Duration.ofSeconds(15), d -> "complete".equals(browser.js("return document.readyState")));
        browser.waitFor(Duration.ofSeconds(10), d -> browser.find("#tab_settings").isDisplayed());
        assertThat(browser.find("#setting_jpeg_quality input").getAttribute("value")).isEqualTo("91");
        assertThat(browser.find("#setting_grid_save input").isSelected()).isFalse();
    }

    @Test
    @Order(7)
    void tokenCounterAndSearch() {
        WebElement area = browser.find("#txt2img_prompt textarea");
        area.clear();
        area.sendKeys("a photo of a cat");
        browser.waitFor(Duration.ofSeconds(10), d -> browser.find("#txt2img_token_counter").getText().equals("5/75"));

        browser.find("#tab-button-settings").click();
        browser.find("#settings_search").sendKeys("jpeg");
        assertThat(browser.find("#setting_jpeg_quality").isDisplayed()).isTrue();
        assertThat(browser.find("#setting_samples_save").isDisplayed()).isFalse();
    }
}

package dev.sdwebui.web;

import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Not a test: writes the README screenshots (docs/ui-txt2img-light.png, docs/ui-txt2img-dark.png,
 * docs/ui-pnginfo.png). Run by hand:
 * {@code ./mvnw -o test -Dtest=UiScreenshots -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class UiScreenshots {

    @Test
    void writeScreenshots() throws Exception {
        Path ckpt = SharedReference.tinyDir().resolve("tiny-fp32.safetensors");
        Path data = Files.createTempDirectory("sdwebui-shots");
        Path docs = Path.of("docs");
        try (RunningApp app = RunningApp.start(data, "http", "--ckpt", ckpt.toString());
             Browser browser = Browser.start("light")) {
            generate(browser, app.base() + "/?__theme=light", "a lighthouse on a cliff at sunset, oil painting");
            browser.screenshot(docs.resolve("ui-txt2img-light.png"));
            generate(browser, app.base() + "/?__theme=dark", "a lighthouse on a cliff at night, oil painting");
            browser.screenshot(docs.resolve("ui-txt2img-dark.png"));

            Path saved;
            try (Stream<Path> files = Files.walk(data.resolve("outputs"))) {
                saved = files.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
            }
            browser.open(app.base() + "/?__theme=light");
            browser.find("#tab-button-pnginfo").click();
            browser.find("#pnginfo_file").sendKeys(saved.toAbsolutePath().toString());
            browser.waitFor(Duration.ofSeconds(10), d -> browser.find("#pnginfo_html").getText().contains("Steps:"));
            browser.screenshot(docs.resolve("ui-pnginfo.png"));

            // for checking by eye only (not in the README): Settings, and txt2img at phone width
            browser.find("#tab-button-settings").click();
            browser.screenshot(Path.of("target/ui-settings.png"));
            browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(400, 900));
            browser.find("#tab-button-txt2img").click();
            browser.screenshot(Path.of("target/ui-phone.png"));
        }
    }

    private static void generate(Browser browser, String url, String prompt) {
        browser.open(url);
        browser.find("#tab-button-txt2img").click();
        browser.find("#txt2img_prompt textarea").clear();
        browser.find("#txt2img_prompt textarea").sendKeys(prompt);
        browser.find("#txt2img_neg_prompt textarea").clear();
        browser.find("#txt2img_neg_prompt textarea").sendKeys("blurry, low quality");
        browser.setValue("#txt2img_steps input[type=number]", 6);
        browser.setValue("#txt2img_width input[type=number]", 64);
        browser.setValue("#txt2img_height input[type=number]", 64);
        browser.setValue("#txt2img_seed input", 42);
        browser.find("#txt2img_generate").click();
        browser.waitFor(Duration.ofSeconds(10), d -> browser.find("#txt2img_interrupt").isDisplayed());
        browser.waitFor(Duration.ofMinutes(3), d -> browser.find("#txt2img_generate").isDisplayed());
        browser.waitFor(Duration.ofSeconds(10), d -> browser.find("#txt2img_token_counter").getText().matches("[1-9]\\d*/75"));
    }
}

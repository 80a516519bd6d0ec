package dev.sdwebui.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.testsupport.RunningApp;
import dev.sdwebui.testsupport.SharedReference;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Extra Networks cards in a real browser: a tiny LoRA (with a preview image) and one in a sub-folder, a
 * hypernetwork, an embedding and two checkpoints; open the panel, search, filter by folder, sort, click cards and
 * read the prompt / the checkpoint dropdown; the metadata editor writes NAME.json and the card then uses it.
 */
@Tag("browser")
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExtraNetworksBrowserTest {

    private RunningApp app;
    private Browser browser;
    private Path data;

    @BeforeAll
    void start() throws Exception {
        Path ref = SharedReference.sharedDir().resolve("reference/lora-tiny");
        data = Files.createTempDirectory("sdwebui-extra-networks");
        Path lora = Files.createDirectories(data.resolve("models/Lora"));
        Files.copy(ref.resolve("networks/tiny-lora.safetensors"), lora.resolve("tiny-lora.safetensors"));
        Files.write(lora.resolve("tiny-lora.preview.png"), png());
        Path styles = Files.createDirectories(lora.resolve("styles"));
        Files.copy(ref.resolve("networks/tiny-locon.safetensors"), styles.resolve("tiny-locon.safetensors"));
        Path hn = Files.createDirectories(data.resolve("models/hypernetworks"));
        Files.copy(ref.resolve("hypernetworks/tiny-hypernet.pt"), hn.resolve("tiny-hypernet.pt"));
        Path emb = Files.createDirectories(data.resolve("embeddings"));
        Files.write(emb.resolve("tiny-style.safetensors"), embedding());
        Path ckpts = Files.createDirectories(data.resolve("models/Stable-diffusion"));
        Path tiny = SharedReference.tinyDir().resolve("tiny-fp16.safetensors");
        Files.createSymbolicLink(ckpts.resolve("tiny-one.safetensors"), tiny);
        Files.createSymbolicLink(ckpts.resolve("tiny-two.safetensors"), tiny);
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

    @BeforeEach
    void openPage() {
        browser.open(app.base() + "/");
        browser.find("#tab-button-txt2img").click();
    }

    private List<String> cardNames(String tab) {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) browser.js("return [...document.querySelectorAll(arguments[0])]"
                + ".map(c => c.dataset.name)", "#" + tab + "_extra_networks_cards .extra-network-card");
        return names;
    }

    private void openPanel(String tab, String page) {
        browser.find("#" + tab + "_extra_networks_toggle").click();
        browser.find("#" + tab + "_" + page + "_tab").click();
        browser.waitFor(Duration.ofSeconds(10), d -> !cardNames(tab).isEmpty());
    }

    @Test
    void loraCardsSearchAndInsertTheTagWithTheDefaultMultiplier() {
        assertThat(browser.find("#txt2img_extra_networks_panel").isDisplayed()).isFalse();
        openPanel("txt2img", "lora");
        assertThat(cardNames("txt2img")).containsExactlyInAnyOrder("tiny-lora", "tiny-locon");
        WebElement preview = browser.find("#txt2img_extra_networks_cards [data-name='tiny-lora'] img");
        browser.waitFor(Duration.ofSeconds(10), d -> (Boolean) browser.js(
                "return arguments[0].complete && arguments[0].naturalWidth === 6", preview));
        assertThat(browser.driver().findElements(
                By.cssSelector("#txt2img_extra_networks_cards [data-name='tiny-locon'] img"))).isEmpty();

        browser.find("#txt2img_extra_networks_search").sendKeys("LOCON");
        assertThat(cardNames("txt2img")).containsExactly("tiny-locon");
        browser.find("#txt2img_extra_networks_search").clear();
        browser.js("const s = document.getElementById('txt2img_extra_networks_search');"
                + "s.value = ''; s.dispatchEvent(new Event('input'));");
        browser.js("const f = document.getElementById('txt2img_extra_networks_folder');"
                + "f.value = 'styles'; f.dispatchEvent(new Event('change'));");
        assertThat(cardNames("txt2img")).containsExactly("tiny-locon");
        browser.js("const f = document.getElementById('txt2img_extra_networks_folder');"
                + "f.value = ''; f.dispatchEvent(new Event('change'));");
        browser.js("const s = document.getElementById('txt2img_extra_networks_sort');"
                + "s.value = 'name'; s.dispatchEvent(new Event('change'));");
        assertThat(cardNames("txt2img")).containsExactly("tiny-locon", "tiny-lora");
        browser.find("#txt2img_extra_networks_order").click();
        assertThat(cardNames("txt2img")).containsExactly("tiny-lora", "tiny-locon");

        WebElement prompt = browser.find("#txt2img_prompt_input");
        prompt.clear();
        prompt.sendKeys("a cat");
        browser.find("#txt2img_extra_networks_search").sendKeys("tiny-lora");
        browser.find("#txt2img_extra_networks_cards [data-name='tiny-lora']").click();
        assertThat(prompt.getAttribute("value")).isEqualTo("a cat <lora:tiny-lora:1>");
        browser.find("#txt2img_extra_networks_cards [data-name='tiny-lora']").click();
        assertThat(prompt.getAttribute("value")).isEqualTo("a cat");
    }

    @Test
    void hypernetworkAndEmbeddingCardsInsertTheirTextInImg2img() {
        browser.find("#tab-button-img2img").click();
        openPanel("img2img", "hypernetworks");
        assertThat(cardNames("img2img")).containsExactly("tiny-hypernet");
        WebElement prompt = browser.find("#img2img_prompt_input");
        prompt.clear();
        browser.find("#img2img_extra_networks_cards [data-name='tiny-hypernet']").click();
        assertThat(prompt.getAttribute("value")).isEqualTo("<hypernet:tiny-hypernet:1>");
        browser.find("#img2img_textual_inversion_tab").click();
        assertThat(cardNames("img2img")).containsExactly("tiny-style");
        browser.find("#img2img_extra_networks_cards [data-name='tiny-style']").click();
        assertThat(prompt.getAttribute("value")).isEqualTo("<hypernet:tiny-hypernet:1> tiny-style");
    }

    @Test
    void defaultMultiplierSettingAndRefreshAreUsed() throws Exception {
        browser.js("api('internal/settings', {method: 'POST', json: {extra_networks_default_multiplier: 0.8}})"
                + ".then(() => { window.__saved = true; })");
        browser.waitFor(Duration.ofSeconds(10), d -> Boolean.TRUE.equals(browser.js("return window.__saved === true")));
        Files.copy(SharedReference.sharedDir().resolve("reference/lora-tiny/networks/tiny-loha.safetensors"),
                data.resolve("models/Lora/tiny-loha.safetensors"));
        try {
            openPanel("txt2img", "lora");
            browser.find("#txt2img_extra_networks_refresh").click();
            browser.waitFor(Duration.ofSeconds(10), d -> cardNames("txt2img").contains("tiny-loha"));
            WebElement prompt = browser.find("#txt2img_prompt_input");
            prompt.clear();
            browser.find("#txt2img_extra_networks_cards [data-name='tiny-loha']").click();
            assertThat(prompt.getAttribute("value")).isEqualTo("<lora:tiny-loha:0.8>");
        } finally {
            browser.js("api('internal/settings', {method: 'POST', json: {extra_networks_default_multiplier: 1}})");
            Files.delete(data.resolve("models/Lora/tiny-loha.safetensors"));
            browser.js("api('internal/extra-networks/refresh', {method: 'POST'})");
        }
    }

    @Test
    void metadataEditorWritesNameJsonAndTheCardUsesIt() throws Exception {
        Path json = data.resolve("models/Lora/styles/tiny-locon.json");
        try {
            openPanel("txt2img", "lora");
            browser.find("#txt2img_extra_networks_cards [data-name='tiny-locon'] .edit").click();
            assertThat(browser.find("#txt2img_extra_networks_editor").isDisplayed()).isTrue();
            assertThat((String) browser.js("return document.querySelector('#txt2img_extra_networks_editor "
                    + ".editor-metadata').textContent")).contains("\"ss_network_module\": \"lycoris.kohya\"");
            browser.find("#txt2img_en_description").sendKeys("A tiny test network");
            browser.find("#txt2img_en_activation_text").sendKeys("tinystyle");
            browser.setValue("#txt2img_en_preferred_weight", "0.6");
            browser.find("#txt2img_en_save").click();
            browser.waitFor(Duration.ofSeconds(10), d -> !browser.find("#txt2img_extra_networks_editor").isDisplayed());
            var saved = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
            assertThat(saved.get("description").asText()).isEqualTo("A tiny test network");
            assertThat(saved.get("activation text").asText()).isEqualTo("tinystyle");
            assertThat(saved.get("preferred weight").asDouble()).isEqualTo(0.6);
            assertThat(saved.get("notes").asText()).isEmpty();
            assertThat(browser.find("#txt2img_extra_networks_cards [data-name='tiny-locon'] .description").getText())
                    .isEqualTo("A tiny test network");
            WebElement prompt = browser.find("#txt2img_prompt_input");
            prompt.clear();
            browser.find("#txt2img_extra_networks_cards [data-name='tiny-locon'] .name").click();
            assertThat(prompt.getAttribute("value")).isEqualTo("<lora:tiny-locon:0.6> tinystyle");

            browser.find("#txt2img_extra_networks_cards [data-name='tiny-locon'] .edit").click();
            browser.js("const w = document.getElementById('txt2img_en_preferred_weight'); w.type = 'text'; w.value = 'x';");
            browser.find("#txt2img_en_save").click();
            browser.waitFor(Duration.ofSeconds(10), d -> browser.find("#toast").getText().contains("Preferred weight"));
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile())
                    .get("preferred weight").asDouble()).isEqualTo(0.6);
        } finally {
            Files.deleteIfExists(json);
        }
    }

    @Test
    void checkpointCardSelectsTheCheckpoint() {
        openPanel("txt2img", "checkpoints");
        assertThat(cardNames("txt2img")).containsExactlyInAnyOrder("tiny-one", "tiny-two");
        browser.find("#txt2img_extra_networks_cards [data-name='tiny-two']").click();
        browser.waitFor(Duration.ofSeconds(10), d -> "Saved.".equals(browser.find("#checkpoint-status").getText()));
        assertThat((String) browser.js("return document.getElementById('sd_model_checkpoint').value"))
                .startsWith("tiny-two.safetensors");
        browser.open(app.base() + "/");
        assertThat((String) browser.js("return document.getElementById('sd_model_checkpoint').value"))
                .startsWith("tiny-two.safetensors");
    }

    @Test
    void previewsAreServedOnlyForListedModels() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var ok = RunningApp.send(client, RunningApp.request(java.net.URI.create(
                app.base() + "/internal/extra-networks/preview?page=lora&name=tiny-lora")).build());
        assertThat(ok.statusCode()).isEqualTo(200);
        var escape = RunningApp.send(client, RunningApp.request(java.net.URI.create(app.base()
                + "/internal/extra-networks/preview?page=lora&name=..%2F..%2Fmodels%2FLora%2Ftiny-lora")).build());
        assertThat(escape.statusCode()).isEqualTo(404);
    }

    /** A 6x4 PNG. */
    private static byte[] png() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    /** A safetensors embedding: emb_params [1, 8] fp32 (A1111's safetensors TI format). */
    private static byte[] embedding() {
        byte[] header = "{\"emb_params\":{\"dtype\":\"F32\",\"shape\":[1,8],\"data_offsets\":[0,32]}}"
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + 32).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        for (int i = 0; i < 8; i++) {
            b.putFloat(i * 0.1f);
        }
        return b.array();
    }
}

package dev.sdwebui.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.testsupport.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

/** --gradio-auth: the login page blocks the UI until the right password; logout returns to it. */
@Tag("browser")
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginBrowserTest {

    private RunningApp app;
    private Browser browser;

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("sdwebui-login");
        app = RunningApp.start(data, "http", "--gradio-auth", "alice:s3cret", "--no-download-sd-model",
                "--freeze-settings");
        browser = Browser.start("dark");
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

    private void login(String user, String password) {
        browser.find("input[name=username]").clear();
        browser.find("input[name=username]").sendKeys(user);
        browser.find("input[name=password]").sendKeys(password);
        browser.find("form.login button[type=submit]").click();
        browser.waitFor(Duration.ofSeconds(15), d -> "complete".equals(browser.js("return document.readyState")));
    }

    @Test
    void loginBlocksUntilTheRightPasswordThenLogoutReturnsToIt() {
        browser.open(app.base() + "/");
        assertThat(browser.driver().getCurrentUrl()).contains("/login");
        assertThat(browser.driver().findElements(By.id("txt2img_generate"))).isEmpty();

        login("alice", "wrong");
        assertThat(browser.driver().getCurrentUrl()).contains("/login");
        assertThat(browser.find(".login .error").getText()).contains("Incorrect username or password");
        assertThat(browser.driver().findElements(By.id("txt2img_generate"))).isEmpty();

        login("alice", "s3cret");
        browser.waitFor(Duration.ofSeconds(10), d -> !d.findElements(By.id("txt2img_generate")).isEmpty());
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("/login");

        // --freeze-settings: the Settings tab shows the values but cannot apply them
        browser.find("#tab-button-settings").click();
        assertThat(browser.find("#settings_submit").isEnabled()).isFalse();
        assertThat(browser.find("#setting_jpeg_quality input").isEnabled()).isFalse();

        browser.find("#logout").click();
        browser.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("/login"));
        browser.open(app.base() + "/");
        assertThat(browser.driver().getCurrentUrl()).contains("/login");
    }
}

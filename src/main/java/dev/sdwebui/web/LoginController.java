package dev.sdwebui.web;

import dev.sdwebui.config.LaunchOptions;
import dev.sdwebui.config.SpringProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login form for --gradio-auth (Spring Security handles POST /login and /logout), in the app's theme. */
@Controller
@ConditionalOnProperty(name = SpringProperties.WEBUI_ENABLED, havingValue = "true")
class LoginController {

    private final LaunchOptions options;

    LoginController(LaunchOptions options) {
        this.options = options;
    }

    @GetMapping("/login")
    String login(@RequestParam(name = "error", required = false) String error,
                 @RequestParam(name = "logout", required = false) String logout, Model model) {
        model.addAttribute("error", error != null);
        model.addAttribute("loggedOut", logout != null);
        String theme = options.theme();
        model.addAttribute("theme", "dark".equals(theme) || "light".equals(theme) ? theme : null);
        return "login";
    }
}

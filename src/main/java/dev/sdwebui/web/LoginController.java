package dev.sdwebui.web;

import dev.sdwebui.config.SpringProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login form for --gradio-auth (Spring Security handles POST /login and /logout). */
@Controller
@ConditionalOnProperty(name = SpringProperties.WEBUI_ENABLED, havingValue = "true")
class LoginController {

    @GetMapping("/login")
    String login(@RequestParam(name = "error", required = false) String error,
                 @RequestParam(name = "logout", required = false) String logout, Model model) {
        model.addAttribute("error", error != null);
        model.addAttribute("loggedOut", logout != null);
        return "login";
    }
}

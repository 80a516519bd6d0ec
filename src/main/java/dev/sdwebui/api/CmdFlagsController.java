package dev.sdwebui.api;

import dev.sdwebui.config.LaunchOptions;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code GET /sdapi/v1/cmd-flags}: every launch flag with A1111's snake_case key. */
@SdApiController
class CmdFlagsController {

    private final LaunchOptions options;

    CmdFlagsController(LaunchOptions options) {
        this.options = options;
    }

    @GetMapping("/cmd-flags")
    Map<String, Object> cmdFlags() {
        return options.toSnakeCaseMap();
    }
}

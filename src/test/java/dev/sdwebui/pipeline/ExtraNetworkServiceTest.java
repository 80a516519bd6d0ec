package dev.sdwebui.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sdwebui.nn.network.Multipliers;
import dev.sdwebui.prompt.parse.ExtraNetworks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of extra-network activation that need no model: argument parsing and the errors comment. */
class ExtraNetworkServiceTest {

    private static Multipliers args(String tag) {
        return LoraArgs.of(ExtraNetworks.parse(tag).networks().get("lora").get(0));
    }

    @Test
    void loraArgumentsAsA1111() {
        assertThat(args("<lora:a>")).isEqualTo(new Multipliers(1, 1, null));
        assertThat(args("<lora:a:0.8>")).isEqualTo(new Multipliers(0.8, 0.8, null));
        assertThat(args("<lora:a:1:0>")).isEqualTo(new Multipliers(1, 0, null));
        assertThat(args("<lora:a:te=0:unet=1.2>")).isEqualTo(new Multipliers(0, 1.2, null));
        assertThat(args("<lora:a:-1>")).isEqualTo(new Multipliers(-1, -1, null));
        assertThat(args("<lora:a:1:1:8>")).isEqualTo(new Multipliers(1, 1, 8));
        assertThat(args("<lora:a:0.5:dyn=4>")).isEqualTo(new Multipliers(0.5, 0.5, 4));
        assertThatThrownBy(() -> args("<lora:a:abc>")).hasMessageContaining("could not convert string to float");
    }

    @Test
    void errorsCommentListsEachNetworkWithItsCount() {
        Map<String, Integer> e = new LinkedHashMap<>();
        e.put("tiny-lora", 2);
        e.put("other", 1);
        assertThat(ExtraNetworkService.errorsComment(e)).isEqualTo("Networks with errors: tiny-lora (2), other (1)");
    }
}

package dev.sdwebui.prompt.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtraNetworksTest {

    @Test
    void tagsAreStrippedAndGroupedByName() {
        // Ref: A1111 extra_networks.py ExtraNetwork.activate docstring example
        ExtraNetworkPrompt r = ExtraNetworks.parse("1girl, <hypernet:agm:1.1> <extrasupernet:master:12:13:14> <hypernet:ray>");
        assertThat(r.prompt()).isEqualTo("1girl,   ");
        assertThat(r.networks().keySet()).containsExactly("hypernet", "extrasupernet");
        assertThat(r.networks().get("hypernet")).extracting(ExtraNetworkParams::items)
                .containsExactly(List.of("agm", "1.1"), List.of("ray"));
        assertThat(r.networks().get("extrasupernet").get(0).items()).containsExactly("master", "12", "13", "14");
    }

    @Test
    void namedParams() {
        ExtraNetworkParams p = ExtraNetworks.parse("<lora:x:te=0.5:unet=1:0.7:a=b=c>").networks().get("lora").get(0);
        assertThat(p.positional()).containsExactly("x", "0.7", "a=b=c");
        assertThat(p.named()).isEqualTo(Map.of("te", "0.5", "unet", "1"));
    }

    @Test
    void notTags() {
        assertThat(ExtraNetworks.parse("a <b> <:x> <a-b:c> <x:>").networks()).isEmpty();
    }

    @Test
    void batchUsesFirstPromptData() {
        ExtraNetworkPrompts r = ExtraNetworks.parseAll(List.of("a <lora:one:1>", "b <lora:two:1>"));
        assertThat(r.prompts()).containsExactly("a ", "b ");
        assertThat(r.networks().get("lora").get(0).positional()).containsExactly("one", "1");
    }

    @Test
    void comments() {
        assertThat(PromptComments.strip("#header\na cat # note\nblue sky")).isEqualTo("\na cat \nblue sky");
        assertThat(PromptComments.strip("no comments")).isEqualTo("no comments");
        assertThat(PromptComments.strip("a\n#only")).isEqualTo("a\n");
    }
}

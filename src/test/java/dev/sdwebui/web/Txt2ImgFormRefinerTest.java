package dev.sdwebui.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sdwebui.pipeline.RefinerOptions;
import org.junit.jupiter.api.Test;

/** The txt2img tab's Refiner section: off without a checkpoint, "Switch at" 0.8 by default, 0..1 enforced. */
class Txt2ImgFormRefinerTest {

    private static Txt2ImgForm form(String ckpt, Double at) {
        return new Txt2ImgForm("p", "", null, 1L, null, null, null, null, "Euler", null, 1, 1, 4, 7.0, 64, 64, false,
                false, null, false, null, null, null, null, null, null, ckpt, at);
    }

    @Test
    void refinerSection() {
        assertThat(form(null, 0.5).toRefiner()).isNull();
        assertThat(form("None", 0.5).toRefiner()).isNull();
        assertThat(form("xl-refiner [0123456789]", null).toRefiner())
                .isEqualTo(new RefinerOptions("xl-refiner [0123456789]", 0.8));
        assertThat(form("r", 0.6).toRefiner().switchAt()).isEqualTo(0.6);
        assertThatThrownBy(() -> form("r", 1.5).toRefiner()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refiner_switch_at");
    }
}

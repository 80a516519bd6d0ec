package dev.sdwebui.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Img2ImgStepsTest {

    /** A1111 setup_img2img_steps: 20 steps at 0.75 -> t_enc 15 (16 steps run); fixed: 26 steps, t_enc 19. */
    @Test
    void followsA1111() {
        Img2ImgSteps plain = Img2ImgSteps.of(20, 0.75, false);
        assertThat(plain).isEqualTo(new Img2ImgSteps(20, 15));
        double[] sigmas = new double[21];
        for (int i = 0; i < 21; i++) {
            sigmas[i] = 20 - i;
        }
        assertThat(plain.sigmaSchedule(sigmas)).hasSize(17).startsWith(16.0);
        assertThat(Img2ImgSteps.of(20, 0.75, true)).isEqualTo(new Img2ImgSteps(26, 19));
        assertThat(Img2ImgSteps.of(20, 1.0, false)).isEqualTo(new Img2ImgSteps(20, 19));
        assertThat(plain.timestepSchedule(new int[] {1, 51, 101, 151, 201, 251, 301, 351, 401, 451, 501, 551, 601, 651,
            701, 751, 801, 851, 901, 951})).hasSize(15);
    }
}

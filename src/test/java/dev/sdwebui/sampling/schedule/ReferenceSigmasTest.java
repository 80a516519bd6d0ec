package dev.sdwebui.sampling.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sdwebui.sampling.TinyAlphas;
import dev.sdwebui.testsupport.Npy;
import dev.sdwebui.testsupport.SharedReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * sigmas.npy of every k-sampler case within 1e-6 relative: "normal" = CompVisDenoiser.get_sigmas
 * (A1111 Uniform), "karras" = rho 7 between the model's ends; alphas_cumprod from tiny-fp32.safetensors.
 */
class ReferenceSigmasTest {

    @Test
    void sigmasOfEveryCase() throws IOException {
        DiscreteSchedule model = new DiscreteSchedule(TinyAlphas.fromCheckpoint());
        List<Path> dirs;
        try (Stream<Path> s = Files.list(SharedReference.tinyDir().resolve("cases"))) {
            dirs = s.filter(p -> Files.exists(p.resolve("sigmas.npy"))).sorted().toList();
        }
        assertThat(dirs).hasSizeGreaterThanOrEqualTo(10);
        for (Path dir : dirs) {
            JsonObject c = JsonParser.parseString(Files.readString(dir.resolve("case.json"))).getAsJsonObject()
                    .getAsJsonObject("case");
            int steps = c.get("steps").getAsInt();
            String sched = c.get("scheduler").getAsString();
            double[] got = sched.equals("karras")
                    ? Scheduler.KARRAS.sigmas(steps, ScheduleParams.forModel(model))
                    : Scheduler.UNIFORM.sigmas(steps, ScheduleParams.forModel(model));
            float[] want = Npy.read(dir.resolve("sigmas.npy")).floats();
            assertThat(got).as(dir.getFileName().toString()).hasSize(want.length);
            for (int i = 0; i < want.length; i++) {
                double tol = 1e-6 * Math.abs(want[i]);
                assertThat(Math.abs(got[i] - want[i])).as("%s sigma %d", dir.getFileName(), i).isLessThanOrEqualTo(tol);
            }
            assertThat(model.sigmaToT(want[0])).isEqualTo(999.0);
        }
    }
}

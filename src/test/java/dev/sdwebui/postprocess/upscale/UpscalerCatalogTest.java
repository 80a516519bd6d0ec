package dev.sdwebui.postprocess.upscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sdwebui.postprocess.ImageUpscaler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing by file name and built-in name, folders re-read at every call, and refusals by architecture. */
class UpscalerCatalogTest {

    @TempDir
    Path dir;

    @Test
    void listsFilesByNameSortedAfterTheBuiltInsAndSeesNewFiles() throws Exception {
        Path esrgan = Files.createDirectories(dir.resolve("ESRGAN"));
        Path real = Files.createDirectories(dir.resolve("RealESRGAN"));
        Files.writeString(esrgan.resolve("4x-UltraSharp.pth"), "x");
        Files.writeString(real.resolve("RealESRGAN_x4plus_anime_6B.pth"), "x");
        Files.writeString(real.resolve("notes.txt"), "x");
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             UpscaleModelCache cache = new UpscaleModelCache(m, () -> null, false)) {
            UpscalerCatalog c = new UpscalerCatalog(Map.of("ESRGAN", esrgan, "RealESRGAN", real), cache, k -> 192);
            assertThat(c.all()).extracting(ImageUpscaler::label)
                    .containsExactly("None", "Lanczos", "Nearest", "4x-UltraSharp", "R-ESRGAN 4x+ Anime6B");
            Files.writeString(esrgan.resolve("1x-Dehalo.safetensors"), "x");
            assertThat(c.byName("1x-Dehalo")).isPresent();
            assertThat(c.byName("4x-ultrasharp")).isEmpty();
        }
    }

    @Test
    void refusesArchitecturesItCannotRunByName() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray t = m.zeros(new Shape(1));
            Map<String, NDArray> hat = new LinkedHashMap<>();
            hat.put("conv_first.weight", t);
            hat.put("layers.0.residual_groups.0.blocks.0.conv_block.cab.0.weight", t);
            assertThatThrownBy(() -> UpscaleModelLoader.build(hat, new NetParams(m, hat, null)))
                    .isInstanceOf(UnsupportedUpscalerException.class).hasMessageContaining("HAT");
            Map<String, NDArray> dat = new LinkedHashMap<>();
            dat.put("conv_first.weight", t);
            dat.put("layers.0.blocks.0.attn.attns.0.rpe_biases", t);
            assertThatThrownBy(() -> UpscaleModelLoader.build(dat, new NetParams(m, dat, null)))
                    .isInstanceOf(UnsupportedUpscalerException.class).hasMessageContaining("DAT");
            Map<String, NDArray> other = Map.of("foo.weight", t);
            assertThatThrownBy(() -> UpscaleModelLoader.build(other, new NetParams(m, other, null)))
                    .isInstanceOf(UnsupportedUpscalerException.class).hasMessageContaining("unknown upscaler architecture");
        }
    }
}

package dev.sdwebui.nn;

import ai.djl.ndarray.NDManager;
import dev.sdwebui.model.io.SafetensorsWriter;
import dev.sdwebui.model.io.SafetensorsWriter.TensorSpec;
import dev.sdwebui.model.io.StoredDType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Time from file to a ready {@link SdModel} for an SD 1.5-shaped fp16 safetensors (2.1 GB, sparse
 * zero-filled, so the page cache holds it), with the default fp32 upcast. Run: {@code ./bench.sh load}.
 */
@Tag("bench")
class LoadBenchmark {

    @Test
    void loadSd15Fp16() throws Exception {
        Path f = Files.createTempFile("sd15-fp16", ".safetensors");
        try {
            List<TensorSpec> specs = new ArrayList<>();
            Sd15KeySet.all().forEach((k, s) -> specs.add(new TensorSpec(k, StoredDType.F16, s)));
            Sd15KeySet.extras().forEach((k, s) -> specs.add(new TensorSpec(k, StoredDType.F32, s)));
            SafetensorsWriter.write(f, specs, Map.of(), null);
            for (int i = 0; i < 2; i++) {
                try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                    long t0 = System.nanoTime();
                    try (SdModel model = SdModelLoader.load(f, m, LoadOptions.defaults())) {
                        System.out.printf("load %s (%.2f GB fp16) -> ready SdModel in %.2f s, RSS %d MB, load avg %s%n",
                                f.getFileName(), Files.size(f) / 1e9, (System.nanoTime() - t0) / 1e9, rssMb(),
                                Files.readString(Path.of("/proc/loadavg")).trim());
                    }
                }
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static long rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}

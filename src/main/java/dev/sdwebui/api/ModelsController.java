package dev.sdwebui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.sdwebui.model.registry.CheckpointInfo;
import dev.sdwebui.model.registry.CheckpointRegistry;
import dev.sdwebui.model.registry.VaeRegistry;
import java.io.IOException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/** Checkpoint and VAE listings: sd-models, sd-vae, refresh-checkpoints, refresh-vae. */
@SdApiController
class ModelsController {

    private final CheckpointRegistry checkpoints;
    private final VaeRegistry vaes;

    ModelsController(CheckpointRegistry checkpoints, VaeRegistry vaes) {
        this.checkpoints = checkpoints;
        this.vaes = vaes;
    }

    @GetMapping("/sd-models")
    List<SdModelItem> sdModels() {
        return checkpoints.list().stream().map(ModelsController::item).toList();
    }

    private static SdModelItem item(CheckpointInfo c) {
        return new SdModelItem(c.title(), c.modelName(), c.shortHash(), c.sha256(), c.filename().toString(),
                c.config() == null ? null : c.config().toString());
    }

    @GetMapping("/sd-vae")
    List<SdVaeItem> sdVae() {
        return vaes.list().stream().map(v -> new SdVaeItem(v.modelName(), v.filename().toString())).toList();
    }

    /** Rescans and hashes what is new (A1111 only rescans; hashing here keeps titles complete). */
    @PostMapping("/refresh-checkpoints")
    JsonNode refreshCheckpoints() {
        checkpoints.refresh();
        checkpoints.computeMissingHashes();
        return NullNode.getInstance(); // A1111 answers JSON null
    }

    @PostMapping("/refresh-vae")
    JsonNode refreshVae() throws IOException {
        vaes.refresh();
        vaes.computeMissingHashes();
        return NullNode.getInstance();
    }
}

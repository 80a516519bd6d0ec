package dev.sdwebui.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.sdwebui.model.embedding.EmbeddingDatabase;
import dev.sdwebui.model.embedding.SkippedEmbedding;
import dev.sdwebui.model.embedding.TextualInversion;
import dev.sdwebui.pipeline.LoadedModel;
import dev.sdwebui.pipeline.ModelService;
import dev.sdwebui.queue.JobQueue;
import dev.sdwebui.queue.JobSpec;
import dev.sdwebui.sampling.SamplerCatalog;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/** Sampler/scheduler lists, embeddings, and checkpoint unload/reload (queued on the worker). */
@SdApiController
class SamplersController {

    private final SamplerCatalog catalog;
    private final EmbeddingDatabase embeddings;
    private final ModelService models;
    private final JobQueue queue;

    SamplersController(SamplerCatalog catalog, EmbeddingDatabase embeddings, ModelService models, JobQueue queue) {
        this.catalog = catalog;
        this.embeddings = embeddings;
        this.models = models;
        this.queue = queue;
    }

    @Operation(summary = "Get Samplers")
    @GetMapping("/samplers")
    List<Map<String, Object>> samplers() {
        return catalog.samplers().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("aliases", s.aliases());
            Map<String, String> options = new LinkedHashMap<>();
            // A1111's SamplerItem.options is Dict[str, str]
            s.options().forEach((k, v) -> options.put(k, String.valueOf(v)));
            m.put("options", options);
            return m;
        }).toList();
    }

    @Operation(summary = "Get Schedulers")
    @GetMapping("/schedulers")
    List<Map<String, Object>> schedulers() {
        // A1111 sd_schedulers.schedulers: "automatic" first (aliases None, default_rho -1)
        return catalog.schedulers().stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.id());
            m.put("label", s.label());
            m.put("aliases", s.aliases().isEmpty() ? null : s.aliases());
            m.put("default_rho", s.defaultRho());
            m.put("need_inner_model", s.needInnerModel());
            return m;
        }).toList();
    }

    @Operation(summary = "Get Embeddings", description = "Loaded embeddings (width of the loaded model) and skipped ones.")
    @GetMapping("/embeddings")
    Map<String, Object> embeddings() {
        Integer width = models.current().map(LoadedModel::textWidth).orElse(null);
        Map<String, Object> loaded = new LinkedHashMap<>();
        Map<String, Object> skipped = new LinkedHashMap<>();
        for (TextualInversion e : embeddings.loaded().values()) {
            (width == null || e.width() == width ? loaded : skipped).put(e.name(), item(e));
        }
        for (SkippedEmbedding s : embeddings.skipped().values()) {
            skipped.put(s.name(), s.embedding() == null ? Map.of() : item(s.embedding()));
        }
        return Map.of("loaded", loaded, "skipped", skipped);
    }

    private static Map<String, Object> item(TextualInversion e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", e.step());
        m.put("sd_checkpoint", e.sdCheckpoint());
        m.put("sd_checkpoint_name", e.sdCheckpointName());
        m.put("shape", e.width());
        m.put("vectors", e.vectorCount());
        return m;
    }

    @Operation(summary = "Refresh Embeddings")
    @PostMapping("/refresh-embeddings")
    JsonNode refreshEmbeddings() {
        embeddings.refresh();
        return NullNode.getInstance(); // A1111 answers JSON null
    }

    @Operation(summary = "Unloadapi", description = "Frees the loaded checkpoint (queued: never during a job).")
    @PostMapping("/unload-checkpoint")
    Map<String, Object> unload() throws InterruptedException {
        runOnWorker("unload-checkpoint", () -> models.unload());
        return Map.of();
    }

    @Operation(summary = "Reloadapi", description = "Loads the selected checkpoint again (queued).")
    @PostMapping("/reload-checkpoint")
    Map<String, Object> reload() throws InterruptedException {
        runOnWorker("reload-checkpoint", () -> models.reload());
        return Map.of();
    }

    private void runOnWorker(String job, Runnable work) throws InterruptedException {
        try {
            queue.submit(JobSpec.of(job, ctx -> {
                work.run();
                return null;
            })).await();
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (dev.sdwebui.queue.JobFailedException e) {
            // the queue wraps what the work threw: no checkpoint, or one that cannot be read, is a 400
            throw new ApiException(e.getCause() instanceof IllegalArgumentException ? HttpStatus.BAD_REQUEST
                    : HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        } catch (dev.sdwebui.queue.QueueFullException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "The job queue is full; try again later");
        }
    }
}

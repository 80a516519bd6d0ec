package dev.sdwebui.config;

import dev.sdwebui.config.settings.A1111Settings;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.extensions.ExtensionCatalog;
import dev.sdwebui.model.merge.CheckpointMerger;
import dev.sdwebui.model.registry.CheckpointRegistry;
import dev.sdwebui.model.registry.DefaultModelSource;
import dev.sdwebui.model.registry.FirstStartDownload;
import dev.sdwebui.model.registry.HashCache;
import dev.sdwebui.model.registry.ModelDownloader;
import dev.sdwebui.model.registry.VaeRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Checkpoint/VAE registries and the extension catalog. The folders are scanned at start-up (fast: cached
 * hashes only); missing sha256 values are computed afterwards on a background thread so start-up stays
 * under a few seconds even with multi-GB checkpoints.
 */
@Configuration
public class ModelRegistryConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistryConfiguration.class);

    @Bean
    HashCache hashCache(DataPaths paths) {
        return new HashCache(paths.cacheFile());
    }

    @Bean
    CheckpointRegistry checkpointRegistry(DataPaths paths, LaunchOptions o, HashCache cache, SettingsStore settings) {
        CheckpointRegistry r = new CheckpointRegistry(paths.checkpointDirs(), paths.ckptFile(), cache, !o.noHashing(),
                () -> settings.get(A1111Settings.SD_MODEL_CHECKPOINT));
        r.refresh();
        return r;
    }

    @Bean
    VaeRegistry vaeRegistry(DataPaths paths, LaunchOptions o, HashCache cache) {
        VaeRegistry r = new VaeRegistry(paths.vaeDirs(), paths.checkpointDirs(), paths.vaeFile(), cache, !o.noHashing());
        r.refresh();
        return r;
    }

    /** The first-start download (application.yml sdwebui.default-model.*, env SDWEBUI_DEFAULT_MODEL_URL/_SHA256). */
    @Bean
    FirstStartDownload firstStartDownload(DataPaths paths, CheckpointRegistry registry, HashCache cache,
                                          @Value("${sdwebui.default-model.url}") String url,
                                          @Value("${sdwebui.default-model.sha256}") String sha256,
                                          @Value("${sdwebui.default-model.file-name}") String fileName) {
        return new FirstStartDownload(registry, new DefaultModelSource(URI.create(url.strip()), sha256, fileName),
                paths.checkpointDirs().get(0), new ModelDownloader(Duration.ofSeconds(20), 5), cache);
    }

    /** The merger writes where A1111 does: --ckpt-dir if given, else models/Stable-diffusion. */
    @Bean
    CheckpointMerger checkpointMerger(DataPaths paths, LaunchOptions o, HashCache cache) {
        List<Path> dirs = paths.checkpointDirs();
        return new CheckpointMerger(o.ckptDir() != null ? dirs.get(dirs.size() - 1) : dirs.get(0), cache, !o.noHashing());
    }

    @Bean
    ExtensionCatalog extensionCatalog(DataPaths paths) {
        return new ExtensionCatalog(paths.extensionsDir());
    }

    /** Reports the checkpoint situation and starts background hashing once the server is up. */
    @EventListener(ApplicationReadyEvent.class)
    public void onReady(ApplicationReadyEvent e) {
        CheckpointRegistry ckpts = e.getApplicationContext().getBean(CheckpointRegistry.class);
        VaeRegistry vaes = e.getApplicationContext().getBean(VaeRegistry.class);
        LaunchOptions o = e.getApplicationContext().getBean(LaunchOptions.class);
        FirstStartDownload download = e.getApplicationContext().getBean(FirstStartDownload.class);
        if (ckpts.list().isEmpty() && o.ckpt() == null && !o.noDownloadSdModel() && download.needed()) {
            // Ref: A1111 sd_models.list_models: download only without --ckpt and --no-download-sd-model.
            // In the background, so the server answers (and shows the progress) while the file arrives.
            Thread d = new Thread(download::run, "model-download");
            d.setDaemon(true);
            d.start();
        } else if (ckpts.list().isEmpty()) {
            LOG.warn(ckpts.emptyMessage());
        } else {
            LOG.info("{} checkpoint(s) found; selected: {}", ckpts.list().size(),
                    ckpts.selected().map(c -> c.name()).orElse("none"));
        }
        Thread t = new Thread(() -> {
            ckpts.computeMissingHashes();
            try {
                vaes.computeMissingHashes();
            } catch (IOException ex) {
                LOG.warn("cannot hash VAE files: {}", ex.getMessage());
            }
        }, "model-hashing");
        t.setDaemon(true);
        t.start();
    }
}

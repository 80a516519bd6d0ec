package dev.sdwebui.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where user data lives, A1111's layout under {@code --data-dir} ({@code modules/paths_internal.py},
 * {@code modules/shared_cmd_options.py}): every path flag resolved to an absolute path.
 *
 * @param dataDir          --data-dir (default: the working directory)
 * @param modelsDir        --models-dir or data/models
 * @param checkpointDirs   models/Stable-diffusion, then --ckpt-dir if given (scanned recursively)
 * @param ckptFile         --ckpt (an explicitly named checkpoint) or null
 * @param vaeDirs          models/VAE, then --vae-dir if given
 * @param vaeFile          --vae-path or null
 * @param loraDir          --lora-dir or models/Lora
 * @param hypernetworkDir  --hypernetwork-dir or models/hypernetworks
 * @param embeddingsDir    --embeddings-dir or data/embeddings
 * @param upscalerDirs     model folder per family: ESRGAN, RealESRGAN, BSRGAN, DAT, LDSR, ScuNET, SwinIR,
 *                         GFPGAN, Codeformer, CLIP (keys are those folder names)
 * @param outputsDir       data/outputs
 * @param extensionsDir    data/extensions
 * @param settingsFile     --ui-settings-file or data/config.json
 * @param uiConfigFile     --ui-config-file or data/ui-config.json
 * @param stylesFiles      --styles-file (may repeat) or data/styles.csv; the first one is written to
 * @param cacheFile        SD_WEBUI_CACHE_FILE or data/cache.json
 * @param localizationsDir --localizations-dir or data/localizations
 * @param textualInversionTemplatesDir --textual-inversion-templates-dir or data/textual_inversion_templates
 * @param allowedFileDirs  folders the file route may serve: outputs, then every --gradio-allowed-path
 */
public record DataPaths(Path dataDir, Path modelsDir, List<Path> checkpointDirs, Path ckptFile, List<Path> vaeDirs,
                        Path vaeFile, Path loraDir, Path hypernetworkDir, Path embeddingsDir,
                        Map<String, Path> upscalerDirs, Path outputsDir, Path extensionsDir, Path settingsFile,
                        Path uiConfigFile, List<Path> stylesFiles, Path cacheFile, Path localizationsDir,
                        Path textualInversionTemplatesDir, List<Path> allowedFileDirs) {

    public DataPaths {
        Objects.requireNonNull(dataDir, "dataDir");
        checkpointDirs = List.copyOf(checkpointDirs);
        vaeDirs = List.copyOf(vaeDirs);
        upscalerDirs = Map.copyOf(upscalerDirs);
        stylesFiles = List.copyOf(stylesFiles);
        allowedFileDirs = List.copyOf(allowedFileDirs);
        if (stylesFiles.isEmpty()) {
            throw new IllegalArgumentException("at least one styles file");
        }
    }

    /** Resolves every path flag against --data-dir (itself relative to {@code cwd}). */
    public static DataPaths resolve(LaunchOptions o, Path cwd, Map<String, String> env) {
        Path data = abs(cwd, o.dataDir() == null ? "." : o.dataDir());
        Path models = o.modelsDir() == null ? data.resolve("models") : abs(cwd, o.modelsDir());
        List<Path> ckptDirs = new ArrayList<>(List.of(models.resolve("Stable-diffusion")));
        if (o.ckptDir() != null) {
            ckptDirs.add(abs(cwd, o.ckptDir()));
        }
        List<Path> vaeDirs = new ArrayList<>(List.of(models.resolve("VAE")));
        if (o.vaeDir() != null) {
            vaeDirs.add(abs(cwd, o.vaeDir()));
        }
        Map<String, Path> up = Map.of(
                "ESRGAN", dir(cwd, o.esrganModelsPath(), models.resolve("ESRGAN")),
                "RealESRGAN", dir(cwd, o.realesrganModelsPath(), models.resolve("RealESRGAN")),
                "BSRGAN", dir(cwd, o.bsrganModelsPath(), models.resolve("BSRGAN")),
                "DAT", dir(cwd, o.datModelsPath(), models.resolve("DAT")),
                "LDSR", dir(cwd, o.ldsrModelsPath(), models.resolve("LDSR")),
                "ScuNET", dir(cwd, o.scunetModelsPath(), models.resolve("ScuNET")),
                "SwinIR", dir(cwd, o.swinirModelsPath(), models.resolve("SwinIR")),
                "GFPGAN", dir(cwd, o.gfpganModelsPath(), models.resolve("GFPGAN")),
                "Codeformer", dir(cwd, o.codeformerModelsPath(), models.resolve("Codeformer")),
                "CLIP", dir(cwd, o.clipModelsPath(), models.resolve("CLIP")));
        Path outputs = data.resolve("outputs");
        List<Path> styles = o.stylesFile().isEmpty() ? List.of(data.resolve("styles.csv"))
                : o.stylesFile().stream().map(s -> abs(cwd, s)).toList();
        List<Path> allowed = new ArrayList<>(List.of(outputs));
        o.gradioAllowedPath().forEach(p -> allowed.add(abs(cwd, p)));
        String cacheEnv = env.get("SD_WEBUI_CACHE_FILE");
        return new DataPaths(data, models, ckptDirs, o.ckpt() == null ? null : abs(cwd, o.ckpt()), vaeDirs,
                o.vaePath() == null ? null : abs(cwd, o.vaePath()),
                dir(cwd, o.loraDir(), models.resolve("Lora")),
                dir(cwd, o.hypernetworkDir(), models.resolve("hypernetworks")),
                dir(cwd, o.embeddingsDir(), data.resolve("embeddings")), up, outputs, data.resolve("extensions"),
                dir(cwd, o.uiSettingsFile(), data.resolve("config.json")),
                dir(cwd, o.uiConfigFile(), data.resolve("ui-config.json")), styles,
                cacheEnv == null || cacheEnv.isBlank() ? data.resolve("cache.json") : abs(cwd, cacheEnv),
                dir(cwd, o.localizationsDir(), data.resolve("localizations")),
                dir(cwd, o.textualInversionTemplatesDir(), data.resolve("textual_inversion_templates")), allowed);
    }

    /**
     * Checks every explicitly named file and creates the default folders (A1111 creates them on first start).
     * Throws {@link StartupException} with a message naming the flag and path when a named file is missing.
     */
    public void prepare(LaunchOptions o) {
        requireFile("--ckpt", ckptFile);
        requireFile("--vae-path", vaeFile);
        requireFile("--gradio-auth-path", named(o.gradioAuthPath()));
        requireFile("--tls-keyfile", named(o.tlsKeyfile()));
        requireFile("--tls-certfile", named(o.tlsCertfile()));
        // Parse the credentials now so a malformed entry is a start-up message, not a bean failure.
        if (o.gradioAuthPath() != null && Credential.uiUsers(o).isEmpty()) {
            throw new StartupException("--gradio-auth-path: no user:password line in " + named(o.gradioAuthPath()));
        }
        Credential.parse("--gradio-auth", o.gradioAuth());
        Credential.apiUsers(o);
        List<Path> folders = new ArrayList<>(List.of(dataDir, modelsDir, checkpointDirs.get(0), vaeDirs.get(0),
                loraDir, hypernetworkDir, embeddingsDir, outputsDir, extensionsDir));
        folders.addAll(upscalerDirs.values());
        try {
            for (Path p : folders) {
                Files.createDirectories(p);
            }
        } catch (IOException e) {
            throw new StartupException("cannot create data folder: " + e.getMessage());
        }
    }

    private static void requireFile(String flag, Path p) {
        if (p != null && !Files.isRegularFile(p)) {
            throw new StartupException(flag + ": file not found: " + p);
        }
    }

    private static Path dir(Path cwd, String flag, Path fallback) {
        return flag == null ? fallback : abs(cwd, flag);
    }

    private static Path abs(Path cwd, String p) {
        String expanded = p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
        return cwd.resolve(expanded).toAbsolutePath().normalize();
    }

    private static Path named(String file) {
        return file == null ? null : Path.of(file).toAbsolutePath();
    }
}

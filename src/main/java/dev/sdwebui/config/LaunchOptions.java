package dev.sdwebui.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every launch flag, parsed once before Spring starts (A1111's {@code cmd_opts}). One component per row of
 * {@link LaunchFlags}, named in camelCase ({@code --ckpt-dir} -> {@link #ckptDir()}); absent flags hold
 * A1111's default (null where A1111 has None). Immutable; exposed as a Spring bean.
 */
public record LaunchOptions(
        boolean updateAllExtensions,
        boolean skipPythonVersionCheck,
        boolean skipTorchCudaTest,
        boolean reinstallXformers,
        boolean reinstallTorch,
        boolean updateCheck,
        boolean testServer,
        boolean logStartup,
        boolean skipPrepareEnvironment,
        boolean skipInstall,
        String loglevel,
        String dataDir,
        String modelsDir,
        String config,
        String ckpt,
        String ckptDir,
        String vaeDir,
        String vaePath,
        String gfpganDir,
        String gfpganModel,
        String embeddingsDir,
        String textualInversionTemplatesDir,
        String hypernetworkDir,
        String localizationsDir,
        String loraDir,
        String codeformerModelsPath,
        String gfpganModelsPath,
        String esrganModelsPath,
        String bsrganModelsPath,
        String realesrganModelsPath,
        String datModelsPath,
        String ldsrModelsPath,
        String scunetModelsPath,
        String swinirModelsPath,
        String clipModelsPath,
        String uiConfigFile,
        String uiSettingsFile,
        List<String> stylesFile,
        boolean noDownloadSdModel,
        boolean noHalf,
        boolean noHalfVae,
        String precision,
        boolean upcastSampling,
        boolean medvram,
        boolean medvramSdxl,
        boolean lowvram,
        boolean lowram,
        boolean alwaysBatchCondUncond,
        boolean unloadGfpgan,
        boolean optChannelslast,
        List<String> useCpu,
        String deviceId,
        boolean disableNanCheck,
        boolean xformers,
        boolean forceEnableXformers,
        boolean xformersFlashAttention,
        boolean optSplitAttention,
        boolean optSubQuadAttention,
        int subQuadQChunkSize,
        Integer subQuadKvChunkSize,
        Integer subQuadChunkThreshold,
        boolean optSplitAttentionInvokeai,
        boolean optSplitAttentionV1,
        boolean optSdpAttention,
        boolean optSdpNoMemAttention,
        boolean disableOptSplitAttention,
        boolean deepdanbooru,
        boolean disableSafeUnpickle,
        boolean cpuBf16,
        boolean allowDjlDownload,
        boolean share,
        String ngrok,
        String ngrokRegion,
        String ngrokOptions,
        boolean enableInsecureExtensionAccess,
        boolean listen,
        Integer port,
        String serverName,
        String subpath,
        boolean showNegativePrompt,
        boolean hideUiDirConfig,
        boolean freezeSettings,
        boolean gradioDebug,
        String gradioAuth,
        String gradioAuthPath,
        String gradioImg2imgTool,
        String gradioInpaintTool,
        List<String> gradioAllowedPath,
        boolean gradioQueue,
        boolean noGradioQueue,
        boolean noProgressbarHiding,
        int maxBatchCount,
        boolean autolaunch,
        String theme,
        boolean useTextboxSeed,
        boolean disableConsoleProgressbars,
        boolean enableConsolePrompts,
        boolean allowCode,
        boolean api,
        String apiAuth,
        boolean apiLog,
        boolean nowebui,
        boolean uiDebugMode,
        boolean skipLoadModelAtStart,
        boolean administrator,
        String corsAllowOrigins,
        String corsAllowOriginsRegex,
        String tlsKeyfile,
        String tlsCertfile,
        Boolean disableTlsVerify,
        boolean skipVersionCheck,
        boolean noHashing,
        boolean addStopRoute,
        boolean apiServerStop) {

    public LaunchOptions {
        useCpu = useCpu == null ? List.of() : List.copyOf(useCpu);
        stylesFile = stylesFile == null ? List.of() : List.copyOf(stylesFile);
        gradioAllowedPath = gradioAllowedPath == null ? List.of() : List.copyOf(gradioAllowedPath);
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        if (maxBatchCount < 1) {
            throw new IllegalArgumentException("--max-batch-count must be at least 1, got " + maxBatchCount);
        }
    }

    /** All defaults: what {@code ./webui.sh} with no flag gives. */
    public static LaunchOptions defaults() {
        return fromValues(Map.of());
    }

    /**
     * Builds the record from parsed values keyed by flag name without dashes ({@code "ckpt-dir"});
     * flags not in the map take their default.
     */
    public static LaunchOptions fromValues(Map<String, Object> values) {
        Map<String, Object> byComponent = new HashMap<>();
        for (FlagSpec f : LaunchFlags.all()) {
            byComponent.put(f.camelCase(), values.containsKey(f.name()) ? values.get(f.name()) : f.defaultValue());
        }
        RecordComponent[] rc = LaunchOptions.class.getRecordComponents();
        Object[] args = new Object[rc.length];
        for (int i = 0; i < rc.length; i++) {
            if (!byComponent.containsKey(rc[i].getName())) {
                throw new IllegalStateException("no flag for record component " + rc[i].getName());
            }
            args[i] = byComponent.get(rc[i].getName());
        }
        try {
            Constructor<LaunchOptions> c = LaunchOptions.class.getDeclaredConstructor(
                    Arrays.stream(rc).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return c.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("LaunchOptions does not match LaunchFlags", e);
        }
    }

    /** Flag values with A1111's snake_case keys, in --help order: the body of {@code /sdapi/v1/cmd-flags}. */
    public Map<String, Object> toSnakeCaseMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FlagSpec f : LaunchFlags.all()) {
            out.put(f.snakeCase(), valueOf(f));
        }
        return out;
    }

    /** The value of one flag, by its table entry. */
    public Object valueOf(FlagSpec flag) {
        try {
            return LaunchOptions.class.getMethod(flag.camelCase()).invoke(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no accessor for " + flag.option(), e);
        }
    }

    /** Whether this flag differs from its default (i.e. the user set it). */
    public boolean isSet(FlagSpec flag) {
        Object v = valueOf(flag);
        Object d = flag.defaultValue();
        return d == null ? v != null : !d.equals(v);
    }

    /** A1111's {@code webui_is_non_local}: the server is reachable from other machines. */
    public boolean webuiIsNonLocal() {
        return share || listen || ngrok != null || serverName != null;
    }

    /** A1111's {@code disable_extension_access}. */
    public boolean disableExtensionAccess() {
        return webuiIsNonLocal() && !enableInsecureExtensionAccess;
    }

    /** The port served: --port, else 7860, or 7861 with --nowebui. */
    public int effectivePort() {
        if (port != null) {
            return port;
        }
        return nowebui ? 7861 : 7860;
    }

    /** Whether /sdapi/v1 is mounted (--api or --nowebui). */
    public boolean apiEnabled() {
        return api || nowebui;
    }

    /** Whether any credential flag is set. */
    public boolean anyAuth() {
        return gradioAuth != null || gradioAuthPath != null || apiAuth != null;
    }
}

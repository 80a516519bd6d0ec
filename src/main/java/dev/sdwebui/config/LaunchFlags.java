package dev.sdwebui.config;

import dev.sdwebui.config.FlagSpec.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table of every launch flag: A1111's names, types and defaults ({@code modules/cmd_args.py}, v1.10,
 * plus the builtin extensions' {@code preload.py} flags) and our own JVM flags.
 *
 * <p>A helper who implements a flag's feature removes (or rewrites) its {@code notice} here: the notice is
 * what the user sees at start-up while the feature does not exist.
 */
public final class LaunchFlags {

    private static final String PY = "only concerns a Python install; no effect on the JVM";
    private static final String NOOP = "does nothing (as in A1111)";
    private static final String XF = "xformers does not exist on the JVM; the attention backend is chosen by the device manager";
    private static final String NOT_YET = "not available yet";

    private static final List<FlagSpec> ALL = build();

    private LaunchFlags() {
    }

    /** Every flag in the order of --help. */
    public static List<FlagSpec> all() {
        return ALL;
    }

    /** The flag with this name (without dashes). */
    public static Optional<FlagSpec> byName(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    private static List<FlagSpec> build() {
        List<FlagSpec> f = new ArrayList<>();
        // launch.py stage (modules/launch_utils.py)
        f.add(bool("update-all-extensions", "launch.py argument: download updates for all extensions when starting the program", "extension updates (git pull) " + NOT_YET));
        f.add(bool("skip-python-version-check", "launch.py argument: do not check python version", PY));
        f.add(bool("skip-torch-cuda-test", "launch.py argument: do not check if CUDA is able to work properly", null));
        f.add(bool("reinstall-xformers", "launch.py argument: install the appropriate version of xformers even if you have some version already installed", PY));
        f.add(bool("reinstall-torch", "launch.py argument: install the appropriate version of torch; here: delete the extracted DJL libtorch cache so it is re-extracted", null));
        f.add(bool("update-check", "launch.py argument: check for updates at startup", "update check needs the network; not available offline"));
        f.add(bool("test-server", "launch.py argument: configure server for testing", "test-server mode " + NOT_YET));
        f.add(bool("log-startup", "launch.py argument: print a detailed log of what's happening at startup", null));
        f.add(bool("skip-prepare-environment", "launch.py argument: skip all environment preparation", PY));
        f.add(bool("skip-install", "launch.py argument: skip installation of packages", PY));
        f.add(str("loglevel", "LOGLEVEL", null, "log level; one of: CRITICAL, ERROR, WARNING, INFO, DEBUG", null));
        // paths and data
        f.add(str("data-dir", "DATA_DIR", null, "base path where all user data is stored (default: current directory)", null));
        f.add(str("models-dir", "MODELS_DIR", null, "base path where models are stored; overrides --data-dir", null));
        f.add(str("config", "CONFIG", null, "path to config which constructs model", "model configs are detected from the checkpoint; --config " + NOT_YET));
        f.add(str("ckpt", "CKPT", null, "path to checkpoint of stable diffusion model; if specified, this checkpoint will be added to the list of checkpoints and loaded", null));
        f.add(str("ckpt-dir", "CKPT_DIR", null, "Path to directory with stable diffusion checkpoints", null));
        f.add(str("vae-dir", "VAE_DIR", null, "Path to directory with VAE files", null));
        f.add(str("vae-path", "VAE_PATH", null, "Checkpoint to use as VAE; setting this argument disables all settings related to VAE", null));
        f.add(str("gfpgan-dir", "GFPGAN_DIR", null, "GFPGAN directory", NOOP));
        f.add(str("gfpgan-model", "GFPGAN_MODEL", null, "GFPGAN model file name", "face restoration " + NOT_YET));
        f.add(str("embeddings-dir", "EMBEDDINGS_DIR", null, "embeddings directory for textual inversion (default: embeddings)", null));
        f.add(str("textual-inversion-templates-dir", "DIR", null, "directory with textual inversion templates", null));
        f.add(str("hypernetwork-dir", "DIR", null, "hypernetwork directory", null));
        f.add(str("localizations-dir", "DIR", null, "localizations directory", null));
        f.add(str("lora-dir", "DIR", null, "Path to directory with Lora networks", null));
        f.add(str("codeformer-models-path", "PATH", null, "Path to directory with codeformer model file(s)", null));
        f.add(str("gfpgan-models-path", "PATH", null, "Path to directory with GFPGAN model file(s)", null));
        f.add(str("esrgan-models-path", "PATH", null, "Path to directory with ESRGAN model file(s)", null));
        f.add(str("bsrgan-models-path", "PATH", null, "Path to directory with BSRGAN model file(s)", null));
        f.add(str("realesrgan-models-path", "PATH", null, "Path to directory with RealESRGAN model file(s)", null));
        f.add(str("dat-models-path", "PATH", null, "Path to directory with DAT model file(s)", null));
        f.add(str("ldsr-models-path", "PATH", null, "Path to directory with LDSR model file(s)", null));
        f.add(str("scunet-models-path", "PATH", null, "Path to directory with ScuNET model file(s)", null));
        f.add(str("swinir-models-path", "PATH", null, "Path to directory with SwinIR model file(s)", null));
        f.add(str("clip-models-path", "PATH", null, "Path to directory with CLIP model file(s)", null));
        f.add(str("ui-config-file", "FILE", null, "filename to use for ui configuration (default: ui-config.json)", null));
        f.add(str("ui-settings-file", "FILE", null, "filename to use for ui settings (default: config.json)", null));
        f.add(append("styles-file", "FILE", "path or wildcard path of styles files, allow multiple entries (default: styles.csv)"));
        f.add(bool("no-download-sd-model", "don't download SD1.5 model even if no model is found in --ckpt-dir", null));
        // precision, memory, device
        f.add(bool("no-half", "do not switch the model to 16-bit floats", null));
        f.add(bool("no-half-vae", "do not switch the VAE model to 16-bit floats", null));
        f.add(new FlagSpec("precision", Kind.CHOICE, "autocast", "{full,half,autocast}", "evaluate at this precision", null, List.of("full", "half", "autocast")));
        f.add(bool("upcast-sampling", "upcast sampling; no effect with --no-half; usually produces similar results to --no-half with better performance while using less memory", null));
        f.add(bool("medvram", "enable stable diffusion model optimizations for sacrificing a little speed for low VRM usage", "memory modes " + NOT_YET));
        f.add(bool("medvram-sdxl", "enable --medvram optimization just for SDXL models", "memory modes " + NOT_YET));
        f.add(bool("lowvram", "enable stable diffusion model optimizations for sacrificing a lot of speed for very low VRM usage", "memory modes " + NOT_YET));
        f.add(bool("lowram", "load stable diffusion checkpoint weights to VRAM instead of RAM", "memory modes " + NOT_YET));
        f.add(bool("always-batch-cond-uncond", "does not do anything (since A1111 1.6: see setting batch_cond_uncond)", NOOP));
        f.add(bool("unload-gfpgan", "does not do anything", NOOP));
        f.add(bool("opt-channelslast", "change memory type for stable diffusion to channels last", "channels-last memory format " + NOT_YET));
        f.add(list("use-cpu", "USE_CPU", "use CPU as torch device for specified modules: all, sd, interrogate, gfpgan, esrgan, codeformer"));
        f.add(str("device-id", "DEVICE_ID", null, "Select the default CUDA device to use (export CUDA_VISIBLE_DEVICES=0,1,etc might be needed before)", null));
        f.add(bool("disable-nan-check", "do not check if produced images/latent spaces have nans; useful for running without a checkpoint in CI", null));
        f.add(bool("xformers", "enable xformers for cross attention layers", XF));
        f.add(bool("force-enable-xformers", "enable xformers for cross attention layers regardless of whether the checking code thinks you can run it", XF));
        f.add(bool("xformers-flash-attention", "enable xformers with Flash Attention to improve reproducibility (supported for SD2.x or variant only)", XF));
        f.add(bool("opt-split-attention", "prefer Doggettx's cross-attention layer optimization for automatic choice of optimization", null));
        f.add(bool("opt-sub-quad-attention", "prefer memory efficient sub-quadratic cross-attention layer optimization for automatic choice of optimization", null));
        f.add(intFlag("sub-quad-q-chunk-size", 1024, "query chunk size for the sub-quadratic cross-attention layer optimization to use"));
        f.add(intFlag("sub-quad-kv-chunk-size", null, "kv chunk size for the sub-quadratic cross-attention layer optimization to use"));
        f.add(intFlag("sub-quad-chunk-threshold", null, "the percentage of VRAM threshold for the sub-quadratic cross-attention layer optimization to use chunking"));
        f.add(bool("opt-split-attention-invokeai", "prefer InvokeAI's cross-attention layer optimization for automatic choice of optimization", null));
        f.add(bool("opt-split-attention-v1", "prefer older version of split attention optimization for automatic choice of optimization", null));
        f.add(bool("opt-sdp-attention", "prefer scaled dot product cross-attention layer optimization for automatic choice of optimization; requires PyTorch 2.*", null));
        f.add(bool("opt-sdp-no-mem-attention", "prefer scaled dot product cross-attention layer optimization without memory efficient attention for automatic choice of optimization, makes image generation deterministic; requires PyTorch 2.*", null));
        f.add(bool("disable-opt-split-attention", "prefer no cross-attention layer optimization for automatic choice of optimization", null));
        f.add(bool("deepdanbooru", "does not do anything", "interrogation " + NOT_YET));
        f.add(bool("disable-safe-unpickle", "disable checking pytorch models for malicious code (sd-webui: unknown pickle globals become inert placeholders; nothing is ever executed)", null));
        f.add(bool("cpu-bf16", "sd-webui: compute in bfloat16 on CPU (explicit opt-in; default is fp32 on CPU)", null));
        f.add(bool("allow-djl-download", "sd-webui: let DJL download a CUDA libtorch once (otherwise fully offline)", null));
        // server, UI, auth, network
        f.add(bool("share", "use share=True for gradio and make the UI accessible through their site", "gradio.live share tunnels do not exist here; use a reverse proxy or an SSH tunnel"));
        f.add(str("ngrok", "NGROK", null, "ngrok authtoken, alternative to gradio --share", "ngrok tunnels " + NOT_YET));
        f.add(str("ngrok-region", "NGROK_REGION", null, "does not do anything", NOOP));
        f.add(str("ngrok-options", "NGROK_OPTIONS", null, "The options to pass to ngrok in JSON format", "ngrok tunnels " + NOT_YET));
        f.add(bool("enable-insecure-extension-access", "enable extensions tab regardless of other options", null));
        f.add(bool("listen", "launch gradio with 0.0.0.0 as server name, allowing to respond to network requests", null));
        f.add(intFlag("port", null, "launch gradio with given server port, you need root/admin rights for ports < 1024, defaults to 7860 if available"));
        f.add(str("server-name", "SERVER_NAME", null, "Sets hostname of server", null));
        f.add(str("subpath", "SUBPATH", null, "customize the subpath for gradio, use with reverse proxy", null));
        f.add(bool("show-negative-prompt", "does not do anything", NOOP));
        f.add(bool("hide-ui-dir-config", "hide directory configuration from webui", null));
        f.add(bool("freeze-settings", "disable editing settings", null));
        f.add(bool("gradio-debug", "launch gradio with --debug option", null));
        f.add(str("gradio-auth", "GRADIO_AUTH", null, "set gradio authentication like \"username:password\"; or comma-delimit multiple like \"u1:p1,u2:p2,u3:p3\"", null));
        f.add(str("gradio-auth-path", "GRADIO_AUTH_PATH", null, "set gradio authentication file path ex. \"/path/to/auth/file\" same auth format as --gradio-auth", null));
        f.add(str("gradio-img2img-tool", "GRADIO_IMG2IMG_TOOL", null, "does not do anything", NOOP));
        f.add(str("gradio-inpaint-tool", "GRADIO_INPAINT_TOOL", null, "does not do anything", NOOP));
        f.add(append("gradio-allowed-path", "PATH", "add path to the folders the file route may serve (outputs/ always)"));
        f.add(bool("gradio-queue", "does not do anything", NOOP, Boolean.TRUE));
        f.add(bool("no-gradio-queue", "Disables gradio queue; causes the webpage to use http requests instead of websockets", null));
        f.add(bool("no-progressbar-hiding", "do not hide progressbar in gradio UI (we hide it because it slows down ML if you have hardware acceleration in browser)", null));
        f.add(intFlag("max-batch-count", 16, "maximum batch count value for the UI"));
        f.add(bool("autolaunch", "open the webui URL in the system's default browser upon launch", null));
        f.add(str("theme", "THEME", null, "launches the UI with light or dark theme", null));
        f.add(bool("use-textbox-seed", "use textbox for seeds in UI (no up/down, but possible to input long seeds)", null));
        f.add(bool("disable-console-progressbars", "do not output progressbars to console", null));
        f.add(bool("enable-console-prompts", "does not do anything", NOOP));
        f.add(bool("allow-code", "allow custom script execution from webui", "custom code execution is never allowed in sd-webui"));
        f.add(bool("api", "use api=True to launch the API together with the webui (use --nowebui instead for only the API)", null));
        f.add(str("api-auth", "API_AUTH", null, "Set authentication for API like \"username:password\"; or comma-delimit multiple like \"u1:p1,u2:p2,u3:p3\"", null));
        f.add(bool("api-log", "use api-log=True to enable logging of all API requests", null));
        f.add(bool("nowebui", "use api=True to launch the API instead of the webui", null));
        f.add(bool("ui-debug-mode", "Don't load model to quickly launch UI", null));
        f.add(bool("skip-load-model-at-start", "if load a model at web start, only take effect when --nowebui", null));
        f.add(bool("administrator", "Administrator rights", NOOP));
        f.add(str("cors-allow-origins", "CORS_ALLOW_ORIGINS", null, "Allowed CORS origin(s) in the form of a comma-separated list (no spaces)", null));
        f.add(str("cors-allow-origins-regex", "CORS_ALLOW_ORIGINS_REGEX", null, "Allowed CORS origin(s) in the form of a single regular expression", null));
        f.add(str("tls-keyfile", "TLS_KEYFILE", null, "Partially enables TLS, requires --tls-certfile to fully function", null));
        f.add(str("tls-certfile", "TLS_CERTFILE", null, "Partially enables TLS, requires --tls-keyfile to fully function", null));
        f.add(new FlagSpec("disable-tls-verify", Kind.STORE_FALSE, null, "", "When passed, enables the use of self-signed certificates (outgoing requests)", null, null));
        f.add(bool("skip-version-check", "Do not check versions of torch and xformers", null));
        f.add(bool("no-hashing", "disable sha256 hashing of checkpoints to help loading performance", null));
        f.add(bool("add-stop-route", "add /_stop route to stop server (POST)", null));
        f.add(bool("api-server-stop", "enable server stop/restart/kill via api", null));
        return List.copyOf(f);
    }

    private static FlagSpec bool(String name, String help, String notice) {
        return bool(name, help, notice, Boolean.FALSE);
    }

    private static FlagSpec bool(String name, String help, String notice, Boolean def) {
        return new FlagSpec(name, Kind.BOOL, def, "", help, notice, null);
    }

    private static FlagSpec str(String name, String metavar, String def, String help, String notice) {
        return new FlagSpec(name, Kind.STRING, def, metavar, help, notice, null);
    }

    private static FlagSpec intFlag(String name, Integer def, String help) {
        return new FlagSpec(name, Kind.INT, def, name.toUpperCase().replace('-', '_'), help, null, null);
    }

    private static FlagSpec list(String name, String metavar, String help) {
        return new FlagSpec(name, Kind.LIST, List.of(), metavar + " [" + metavar + " ...]", help, null, null);
    }

    private static FlagSpec append(String name, String metavar, String help) {
        return new FlagSpec(name, Kind.APPEND, List.of(), metavar, help, null, null);
    }
}

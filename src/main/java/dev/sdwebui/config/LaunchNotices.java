package dev.sdwebui.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The start-up lines that explain flags: one line per set flag whose feature does not exist (yet) or has no
 * meaning on the JVM ({@link FlagSpec#notice()}), plus the warnings A1111 users need to see.
 */
public final class LaunchNotices {

    private LaunchNotices() {
    }

    /** Informational lines: "--deepdanbooru: interrogation not available yet". */
    public static List<String> notices(LaunchOptions o) {
        List<String> out = new ArrayList<>();
        for (FlagSpec f : LaunchFlags.all()) {
            if (f.notice() != null && o.isSet(f)) {
                out.add(f.option() + ": " + f.notice());
            }
        }
        if (!o.noDownloadSdModel()) {
            out.add("automatic download of the SD 1.5 checkpoint is not available (offline); "
                    + "put a .safetensors in models/Stable-diffusion or pass --ckpt");
        }
        return out;
    }

    /** Security warnings: reachable from other machines without credentials. */
    public static List<String> warnings(LaunchOptions o) {
        List<String> out = new ArrayList<>();
        if (o.webuiIsNonLocal() && o.gradioAuth() == null && o.gradioAuthPath() == null && !o.nowebui()) {
            out.add("the web UI is reachable from other machines without a password; consider --gradio-auth user:pass");
        }
        if (o.webuiIsNonLocal() && o.apiEnabled() && o.apiAuth() == null) {
            out.add("the API is reachable from other machines without a password; consider --api-auth user:pass");
        }
        if (o.anyAuth() && o.tlsKeyfile() == null && o.webuiIsNonLocal()) {
            out.add("passwords travel in clear text over plain HTTP; consider --tls-keyfile/--tls-certfile");
        }
        return out;
    }
}

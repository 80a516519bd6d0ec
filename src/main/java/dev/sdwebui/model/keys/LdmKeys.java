package dev.sdwebui.model.keys;

import dev.sdwebui.model.io.StateDict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The only place that knows foreign key dialects of SD single-file checkpoints. Canonical form: the
 * original LDM layout ({@code model.diffusion_model.*}, {@code first_stage_model.*}, schedule buffers)
 * with the CLIP text encoder under {@code cond_stage_model.transformer.text_model.*}.
 *
 * <p>Ref: A1111 modules/sd_models.py {@code checkpoint_dict_replacements_sd1} and
 * {@code transform_checkpoint_dict_key} (older transformers saved CLIPTextModel without the
 * {@code text_model.} level), {@code get_state_dict_from_checkpoint} (state_dict unwrapping), and
 * modules/sd_vae.py (VAE keys starting with "loss" and model_ema.* are ignored).
 */
public final class LdmKeys {

    static final String CLIP = "cond_stage_model.transformer.";
    static final String CLIP_CANONICAL = CLIP + "text_model.";
    private static final List<String> CLIP_OLD_PARTS = List.of("embeddings.", "encoder.", "final_layer_norm.");
    private static final List<String> WRAPPERS = List.of("module.", "model.");
    private static final List<String> LDM_ROOTS = List.of("model.diffusion_model.", "first_stage_model.",
            "cond_stage_model.", "conditioner.", "alphas_cumprod");

    private LdmKeys() {
    }

    /** The canonical view of {@code sd} (no copies) and what was ignored. The view does not own tensors. */
    public static Normalized normalize(StateDict sd) {
        KeyPlan plan = plan(sd.keys());
        return new Normalized(sd.rekeyed(plan.newToOld()), plan);
    }

    /** The result of {@link #normalize}: the canonical view and the plan that produced it. */
    public record Normalized(StateDict weights, KeyPlan plan) {
    }

    /** Works on key names only, so it is testable without tensors. */
    public static KeyPlan plan(Collection<String> keys) {
        List<String> notes = new ArrayList<>();
        String prefix = wrapperPrefix(new TreeSet<>(keys));
        if (!prefix.isEmpty()) {
            notes.add("stripped the wrapper prefix '" + prefix + "' from every key");
        }
        Map<String, String> newToOld = new TreeMap<>();
        Set<String> ignored = new TreeSet<>();
        int renamed = 0;
        for (String old : keys) {
            String key = old.startsWith(prefix) ? old.substring(prefix.length()) : old;
            if (isIgnored(key)) {
                ignored.add(old);
                continue;
            }
            String canonical = canonical(key);
            renamed += canonical.equals(key) ? 0 : 1;
            String previous = newToOld.get(canonical);
            if (previous == null || canonical.equals(key)) {
                // when both dialects are present, the text_model form wins; the other is reported
                if (previous != null) {
                    ignored.add(previous);
                }
                newToOld.put(canonical, old);
            } else {
                ignored.add(old);
            }
        }
        if (renamed > 0) {
            notes.add("renamed " + renamed + " CLIP keys from 'cond_stage_model.transformer.*' to '"
                    + CLIP_CANONICAL + "*'");
        }
        if (!ignored.isEmpty()) {
            notes.add("ignored " + ignored.size() + " keys (EMA weights, position_ids, VAE loss, duplicates)");
        }
        return new KeyPlan(newToOld, new ArrayList<>(ignored), prefix, notes);
    }

    /**
     * A prefix wraps the checkpoint when every key carries it (model_ema.* aside, which Lightning keeps
     * beside the wrapped model) and the stripped keys look like LDM. "model." needs the second test
     * because canonical keys themselves start with "model.diffusion_model.".
     */
    static String wrapperPrefix(Set<String> keys) {
        String found = "";
        Set<String> current = keys;
        boolean again = true;
        while (again) {
            again = false;
            for (String w : WRAPPERS) {
                List<String> body = current.stream().filter(k -> !k.startsWith("model_ema.")).toList();
                if (!body.isEmpty() && body.stream().allMatch(k -> k.startsWith(w))
                        && body.stream().anyMatch(k -> looksLdm(k.substring(w.length())))) {
                    found += w;
                    current = strip(current, w);
                    again = true;
                    break;
                }
            }
        }
        return found;
    }

    /** An LDM key, possibly under further wrappers ("module.model.model.diffusion_model..."). */
    private static boolean looksLdm(String key) {
        if (LDM_ROOTS.stream().anyMatch(key::startsWith)) {
            return true;
        }
        return WRAPPERS.stream().anyMatch(w -> key.startsWith(w) && looksLdm(key.substring(w.length())));
    }

    private static Set<String> strip(Set<String> keys, String w) {
        Set<String> out = new TreeSet<>();
        for (String k : keys) {
            out.add(k.startsWith(w) ? k.substring(w.length()) : k);
        }
        return out;
    }

    static boolean isIgnored(String key) {
        return key.startsWith("model_ema.")
                || key.endsWith(".position_ids")
                || key.startsWith("first_stage_model.loss.");
    }

    /** The canonical form of a (prefix-stripped) key. */
    public static String canonical(String key) {
        if (key.startsWith(CLIP) && !key.startsWith(CLIP_CANONICAL)) {
            String rest = key.substring(CLIP.length());
            for (String part : CLIP_OLD_PARTS) {
                if (rest.startsWith(part)) {
                    return CLIP_CANONICAL + rest;
                }
            }
        }
        return key;
    }
}

package dev.sdwebui.model.merge;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sdwebui.model.registry.CheckpointInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The safetensors metadata of a merge. Ref: A1111 {@code run_modelmerger}: inputs' metadata copied first
 * (copy_metadata_fields), then the user's JSON, then {@code format: "pt"}, then {@code sd_merge_recipe}
 * (json.dumps of the recipe) and {@code sd_merge_models} (sha256 -> name, legacy hash and that model's own
 * recipe, plus the models it was merged from).
 */
final class MergeMetadata {

    /** An input model with what the metadata needs: its sha256 (may be null with --no-hashing) and metadata. */
    record Input(CheckpointInfo info, String sha256, Map<String, String> metadata) {
    }

    private MergeMetadata() {
    }

    static Map<String, String> build(MergeSpec s, Input a, Input b, Input c, boolean inpainting, boolean pix2pix)
            throws MergeException {
        Map<String, String> meta = new LinkedHashMap<>();
        if (!s.saveMetadata()) {
            return meta;
        }
        if (s.copyMetadataFields()) {
            for (Input in : new Input[] {a, b, c}) {
                if (in != null) {
                    meta.putAll(in.metadata());
                }
            }
        }
        userJson(s.metadataJson()).forEach((k, v) -> meta.put(k, v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()
                ? v.getAsString() : PyJson.dumps(v)));
        meta.put("format", "pt");
        if (s.addMergeRecipe()) {
            meta.put("sd_merge_recipe", PyJson.dumps(recipe(s, a, b, c, inpainting, pix2pix)));
            Map<String, Object> models = new LinkedHashMap<>();
            for (Input in : new Input[] {a, b, c}) {
                if (in != null) {
                    addModel(models, in);
                }
            }
            meta.put("sd_merge_models", PyJson.dumps(models));
        }
        return meta;
    }

    private static Map<String, JsonElement> userJson(String text) throws MergeException {
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new MergeException("metadata_json must be a JSON object, got: " + text);
            }
            JsonObject o = e.getAsJsonObject();
            Map<String, JsonElement> m = new LinkedHashMap<>();
            o.entrySet().forEach(en -> m.put(en.getKey(), en.getValue()));
            return m;
        } catch (com.google.gson.JsonParseException ex) {
            throw new MergeException("metadata_json is not valid JSON: " + ex.getMessage());
        }
    }

    private static Map<String, Object> recipe(MergeSpec s, Input a, Input b, Input c, boolean inpainting,
                                              boolean pix2pix) {
        Function<Input, String> hash = in -> in == null ? null : in.sha256();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "webui");
        r.put("primary_model_hash", hash.apply(a));
        r.put("secondary_model_hash", hash.apply(b));
        r.put("tertiary_model_hash", hash.apply(c));
        r.put("interp_method", s.method().label());
        r.put("multiplier", s.multiplier());
        r.put("save_as_half", s.saveAsHalf());
        r.put("custom_name", s.customName());
        r.put("config_source", s.configSource());
        r.put("bake_in_vae", "None");
        r.put("discard_weights", s.discardWeights());
        r.put("is_inpainting", inpainting);
        r.put("is_instruct_pix2pix", pix2pix);
        return r;
    }

    private static void addModel(Map<String, Object> models, Input in) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", in.info().name());
        entry.put("legacy_hash", in.info().legacyHash());
        Object ownRecipe = PyJson.parseIfObject(in.metadata().get("sd_merge_recipe"));
        entry.put("sd_merge_recipe", ownRecipe);
        models.put(in.sha256(), entry);
        Object parents = PyJson.parseIfObject(in.metadata().get("sd_merge_models"));
        if (parents instanceof JsonElement j && j.isJsonObject()) {
            j.getAsJsonObject().entrySet().forEach(e -> models.put(e.getKey(), e.getValue()));
        }
    }
}

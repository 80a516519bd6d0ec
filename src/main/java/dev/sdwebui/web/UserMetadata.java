package dev.sdwebui.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A1111's per-card user metadata: {@code NAME.json} next to the model file with "description", "notes" and, for
 * LoRA, "activation text" and "preferred weight". Keys we do not edit are kept. Ref: A1111
 * ui_extra_networks.py {@code ExtraNetworksPage.read_user_metadata}, ui_extra_networks_user_metadata.py
 * {@code write_user_metadata}, Lora ui_extra_networks_lora.py {@code create_item} (the prompt).
 */
final class UserMetadata {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private UserMetadata() {
    }

    static Path jsonOf(Path model) {
        String file = model.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return model.resolveSibling((dot > 0 ? file.substring(0, dot) : file) + ".json");
    }

    /** The file's user metadata, or an empty map when there is none or it is not a JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path model) {
        Path json = jsonOf(model);
        if (!Files.isRegularFile(json)) {
            return Map.of();
        }
        try {
            Object v = JSON.readValue(Files.readString(json, StandardCharsets.UTF_8), Object.class);
            return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }

    /**
     * {@code <lora:NAME:W>} with W the preferred weight when set (non-zero), else the default multiplier; then
     * " " + the activation text when there is one.
     */
    static String loraPrompt(String name, double multiplier, Map<String, Object> user) {
        double w = user.get("preferred weight") instanceof Number n && n.doubleValue() != 0 ? n.doubleValue()
                : multiplier;
        String act = user.get("activation text") instanceof String a ? a : "";
        return "<lora:" + name + ":" + ExtraNetworksUiController.number(w) + ">" + (act.isEmpty() ? "" : " " + act);
    }

    /** Writes the editor's fields (description, notes; for LoRA activation text and preferred weight). */
    static void write(Path model, Map<String, Object> body, boolean lora) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>(read(model));
        out.put("description", text(body.get("description")));
        out.put("notes", text(body.get("notes")));
        if (lora) {
            out.put("activation text", text(body.get("activation_text")));
            out.put("preferred weight", weight(body.get("preferred_weight")));
        }
        Files.writeString(jsonOf(model), JSON.writeValueAsString(out), StandardCharsets.UTF_8);
    }

    private static String text(Object v) {
        return v == null ? "" : String.valueOf(v);
    }

    private static double weight(Object v) {
        if (v == null || String.valueOf(v).isBlank()) {
            return 0;
        }
        try {
            double w = Double.parseDouble(String.valueOf(v).strip());
            if (!Double.isFinite(w)) {
                throw new NumberFormatException();
            }
            return w;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Preferred weight must be a number: " + v);
        }
    }
}

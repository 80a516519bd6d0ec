package dev.sdwebui.api;

import java.util.Map;

/**
 * One entry of GET /sdapi/v1/loras. Ref: A1111 extensions-builtin/Lora/scripts/lora_script.py
 * {@code create_lora_json}: name, alias, path, metadata (safetensors metadata; values that are JSON objects
 * are parsed, as {@code read_metadata_from_safetensors} does).
 */
public record LoraItem(String name, String alias, String path, Map<String, Object> metadata) {
}

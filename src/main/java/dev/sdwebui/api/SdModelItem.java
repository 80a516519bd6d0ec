package dev.sdwebui.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A1111's {@code SDModelItem}: one entry of GET /sdapi/v1/sd-models. */
public record SdModelItem(String title, @JsonProperty("model_name") String modelName, String hash, String sha256,
                          String filename, String config) {
}

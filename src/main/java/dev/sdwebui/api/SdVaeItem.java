package dev.sdwebui.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A1111's {@code SDVaeItem}: one entry of GET /sdapi/v1/sd-vae. */
public record SdVaeItem(@JsonProperty("model_name") String modelName, String filename) {
}

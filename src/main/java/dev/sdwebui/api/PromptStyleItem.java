package dev.sdwebui.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A1111's {@code PromptStyleItem}: one entry of GET /sdapi/v1/prompt-styles. */
public record PromptStyleItem(String name, String prompt, @JsonProperty("negative_prompt") String negativePrompt) {
}

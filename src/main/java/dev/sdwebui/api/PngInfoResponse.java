package dev.sdwebui.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** A1111's {@code PNGInfoResponse}: the infotext, the other text items, and the parsed parameters. */
@Schema(name = "PNGInfoResponse")
public record PngInfoResponse(String info, Map<String, String> items, Map<String, String> parameters) {
}

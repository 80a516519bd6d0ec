package dev.sdwebui.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code POST /sdapi/v1/png-info}: a base64 image (raw or a data: URL). */
@Schema(name = "PNGInfoRequest")
public record PngInfoRequest(String image) {
}

package dev.sdwebui.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A1111's {@code TextToImageResponse}.
 *
 * @param images     base64 PNGs (with the "parameters" chunk), empty when {@code send_images} is false
 * @param parameters the request with defaults filled in
 * @param info       JSON text of A1111's {@code Processed.js()}
 */
@Schema(name = "TextToImageResponse")
public record TextToImageResponse(List<String> images, Txt2ImgRequest parameters, String info) {
}

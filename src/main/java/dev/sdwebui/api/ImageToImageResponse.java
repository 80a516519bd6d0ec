package dev.sdwebui.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A1111's img2img response.
 *
 * @param images     base64 images (with the "parameters" chunk), empty when {@code send_images} is false
 * @param parameters the request with defaults, init_images and mask nulled unless include_init_images
 * @param info       JSON text of A1111's {@code Processed.js()}
 */
@Schema(name = "ImageToImageResponse")
public record ImageToImageResponse(List<String> images, Img2ImgApiRequest parameters, String info) {
}

package dev.sdwebui.api;

import dev.sdwebui.infotext.ImageInfo;
import dev.sdwebui.infotext.ImageInfoReader;
import dev.sdwebui.infotext.InfotextParser;
import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/** {@code POST /sdapi/v1/png-info}. Ref: A1111 api.py {@code pnginfoapi}. */
@SdApiController
class PngInfoController {

    private final ImageInfoReader reader = new ImageInfoReader();
    private final InfotextParser parser = new InfotextParser();

    @Operation(summary = "Pnginfoapi", description = "The infotext of an image, its other text items, and the parsed parameters.")
    @PostMapping("/png-info")
    PngInfoResponse pngInfo(@RequestBody PngInfoRequest body) {
        if (body == null || body.image() == null || body.image().isBlank()) {
            return new PngInfoResponse("", Map.of(), Map.of());
        }
        ImageInfo info = reader.read(ApiImages.decode(body.image()));
        String text = info.parameters() == null ? "" : info.parameters();
        Map<String, String> items = new LinkedHashMap<>(info.items());
        items.remove("parameters");
        return new PngInfoResponse(text, items, parser.parse(text));
    }
}

package dev.sdwebui.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A1111's Extras request and response bodies (modules/api/models.py, v1.10). */
final class ExtrasRequests {

    private ExtrasRequests() {
    }

    /**
     * ExtrasBaseRequest fields; numbers are {@code Number} so an absent factor prints as A1111's int default
     * ("2") and a sent one as pydantic's float ("2.0") in the infotext.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ExtrasSingleImageRequest")
    record Single(Integer resizeMode, Boolean showExtrasResults, Double gfpganVisibility, Double codeformerVisibility,
                  Double codeformerWeight, Number upscalingResize, Integer upscalingResizeW, Integer upscalingResizeH,
                  Boolean upscalingCrop, @JsonProperty("upscaler_1") String upscaler1,
                  @JsonProperty("upscaler_2") String upscaler2,
                  @JsonProperty("extras_upscaler_2_visibility") Double extrasUpscaler2Visibility, Boolean upscaleFirst,
                  String image) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ExtrasBatchImagesRequest")
    record Batch(Integer resizeMode, Boolean showExtrasResults, Double gfpganVisibility, Double codeformerVisibility,
                 Double codeformerWeight, Number upscalingResize, Integer upscalingResizeW, Integer upscalingResizeH,
                 Boolean upscalingCrop, @JsonProperty("upscaler_1") String upscaler1,
                 @JsonProperty("upscaler_2") String upscaler2,
                  @JsonProperty("extras_upscaler_2_visibility") Double extrasUpscaler2Visibility, Boolean upscaleFirst,
                 @JsonProperty("imageList") List<FileData> imageList) {
    }

    @Schema(name = "FileData")
    record FileData(String data, String name) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "ExtrasSingleImageResponse")
    record SingleResponse(String htmlInfo, String image) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "ExtrasBatchImagesResponse")
    record BatchResponse(String htmlInfo, List<String> images) {
    }
}

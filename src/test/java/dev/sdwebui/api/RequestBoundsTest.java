package dev.sdwebui.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** Out-of-range sizes, batch and steps are a 422 naming the field, before the pipeline sees the request. */
class RequestBoundsTest {

    private final ObjectMapper json = new ObjectMapper();

    private Txt2ImgRequest body(Map<String, Object> fields) {
        return json.convertValue(fields, Txt2ImgRequest.class);
    }

    @Test
    void width100000IsA422NamingTheFieldFromTheMapper() {
        // Settings are null: the bounds must be checked before the mapper touches anything else.
        GenerationMapper mapper = new GenerationMapper(null, json);
        ApiValidationException e = catchThrowableOfType(() -> mapper.toRequest(body(Map.of("width", 100000))),
                ApiValidationException.class);
        assertThat(e.items()).singleElement().satisfies(i -> {
            assertThat(i.loc()).isEqualTo(List.of("body", "width"));
            assertThat(i.msg()).contains("less than or equal to 8192").contains("100000");
            assertThat(i.type()).isEqualTo("value_error.number.not_le");
        });
        ResponseEntity<Map<String, Object>> answer = new SdApiExceptionHandler().validation(e);
        assertThat(answer.getStatusCode().value()).isEqualTo(422);
        assertThat(answer.getBody()).containsEntry("error", "RequestValidationError").containsKey("detail");
        assertThat(answer.getBody().get("errors").toString()).contains("body -> width");
    }

    @Test
    void everyFieldOutOfRangeIsListed() {
        ApiValidationException e = catchThrowableOfType(() -> RequestBounds.check(body(Map.of("width", 0,
                "height", 9000, "batch_size", 65, "n_iter", 0, "steps", 10_001))), ApiValidationException.class);
        assertThat(e.items()).extracting(i -> i.loc().get(1))
                .containsExactly("width", "height", "batch_size", "n_iter", "steps");
        assertThat(e.items().get(0).type()).isEqualTo("value_error.number.not_ge");
        assertThatThrownBy(() -> RequestBounds.check(body(Map.of("steps", -5))))
                .isInstanceOf(ApiValidationException.class).hasMessageContaining("greater than or equal to 1");
    }

    @Test
    void theLimitsThemselvesAndDefaultsPass() {
        RequestBounds.check(body(Map.of()));
        RequestBounds.check(body(Map.of("width", 8192, "height", 8192, "batch_size", 64, "n_iter", 100,
                "steps", 10_000)));
        RequestBounds.check(body(Map.of("width", 512, "height", 512, "enable_hr", true, "hr_scale", 2.0)));
    }

    @Test
    void hiresTargetAndStepsAreBounded() {
        assertThatThrownBy(() -> RequestBounds.check(body(Map.of("width", 512, "enable_hr", true, "hr_scale", 100))))
                .isInstanceOf(ApiValidationException.class).hasMessageContaining("hr_scale");
        assertThatThrownBy(() -> RequestBounds.check(body(Map.of("enable_hr", true, "hr_resize_x", 20000))))
                .isInstanceOf(ApiValidationException.class).hasMessageContaining("hr_resize_x");
        assertThatThrownBy(() -> RequestBounds.check(body(Map.of("enable_hr", true, "hr_second_pass_steps", 50_000))))
                .isInstanceOf(ApiValidationException.class).hasMessageContaining("hr_second_pass_steps");
        // Without enable_hr the hires fields are not used, so they are not judged.
        RequestBounds.check(body(Map.of("hr_scale", 100)));
    }
}

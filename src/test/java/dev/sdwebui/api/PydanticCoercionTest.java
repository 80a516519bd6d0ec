package dev.sdwebui.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request bodies read as pydantic v1 reads A1111's models (Ref: pydantic v1 validators.py int/float/
 * bool/str validators): each row is (field, JSON value, the value the record gets) or (field, JSON
 * value, the pydantic error type answered as 422).
 */
class PydanticCoercionTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final LenientJson json = new LenientJson(mapper);

    static Stream<Arguments> accepted() {
        return Stream.of(
                // int fields
                Arguments.of("steps", "20", 20),
                Arguments.of("steps", "20.0", 20),
                Arguments.of("steps", "20.7", 20), // int(20.7): truncated
                Arguments.of("steps", "-3.9", -3),
                Arguments.of("steps", "\"20\"", 20),
                Arguments.of("steps", "\" 20 \"", 20),
                Arguments.of("steps", "\"+7\"", 7),
                Arguments.of("steps", "\"1_000\"", 1000),
                Arguments.of("steps", "true", 1),
                Arguments.of("steps", "false", 0),
                Arguments.of("steps", "null", null),
                Arguments.of("seed", "4294967296", 4294967296L),
                Arguments.of("seed", "\"-1\"", -1L),
                Arguments.of("seed", "1.5e3", 1500L),
                // float fields
                Arguments.of("cfg_scale", "7", 7.0),
                Arguments.of("cfg_scale", "\"7.5\"", 7.5),
                Arguments.of("cfg_scale", "\"1e1\"", 10.0),
                Arguments.of("cfg_scale", "\".5\"", 0.5),
                Arguments.of("cfg_scale", "true", 1.0),
                Arguments.of("cfg_scale", "\"inf\"", Double.POSITIVE_INFINITY),
                // bool fields
                Arguments.of("restore_faces", "true", true),
                Arguments.of("restore_faces", "1", true),
                Arguments.of("restore_faces", "0", false),
                Arguments.of("restore_faces", "1.0", true),
                Arguments.of("restore_faces", "\"yes\"", true),
                Arguments.of("restore_faces", "\"On\"", true),
                Arguments.of("restore_faces", "\"f\"", false),
                Arguments.of("restore_faces", "\"FALSE\"", false),
                Arguments.of("restore_faces", "\"no\"", false),
                // str fields
                Arguments.of("prompt", "\"a cat\"", "a cat"),
                Arguments.of("prompt", "5", "5"),
                Arguments.of("prompt", "1.5", "1.5"),
                Arguments.of("prompt", "1e20", "1e+20"),
                Arguments.of("prompt", "true", "True"),
                Arguments.of("sampler_index", "\"Euler a\"", "Euler a"),
                // list of str
                Arguments.of("styles", "[\"a\", 5]", List.of("a", "5")),
                // dicts stay as given
                Arguments.of("override_settings", "{\"CLIP_stop_at_last_layers\": 2}", Map.of("CLIP_stop_at_last_layers", 2)));
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @MethodSource("accepted")
    void acceptedLikePydantic(String field, String value, Object expected) throws Exception {
        Txt2ImgRequest r = json.read(body(field, value), Txt2ImgRequest.class, null);
        assertThat(component(r, field)).isEqualTo(expected);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("steps", "\"20.0\"", "type_error.integer", "value is not a valid integer"),
                Arguments.of("steps", "\"abc\"", "type_error.integer", "value is not a valid integer"),
                Arguments.of("steps", "\"\"", "type_error.integer", "value is not a valid integer"),
                Arguments.of("steps", "[1]", "type_error.integer", "value is not a valid integer"),
                Arguments.of("steps", "{}", "type_error.integer", "value is not a valid integer"),
                Arguments.of("cfg_scale", "\"seven\"", "type_error.float", "value is not a valid float"),
                Arguments.of("cfg_scale", "\"1.5f\"", "type_error.float", "value is not a valid float"),
                Arguments.of("restore_faces", "2", "type_error.bool", "value could not be parsed to a boolean"),
                Arguments.of("restore_faces", "\"maybe\"", "type_error.bool", "value could not be parsed to a boolean"),
                Arguments.of("prompt", "[\"a\"]", "type_error.str", "str type expected"),
                Arguments.of("prompt", "{\"a\": 1}", "type_error.str", "str type expected"),
                Arguments.of("styles", "\"a\"", "type_error.list", "value is not a valid list"),
                Arguments.of("override_settings", "[1]", "type_error.dict", "value is not a valid dict"),
                Arguments.of("width", "99999999999", "value_error.number.not_le", "ensure this value fits in a 32-bit integer"));
    }

    @ParameterizedTest(name = "{0} = {1} -> 422 {2}")
    @MethodSource("rejected")
    void rejectedLikePydantic(String field, String value, String type, String msg) throws Exception {
        assertThatThrownBy(() -> json.read(body(field, value), Txt2ImgRequest.class, null))
                .isInstanceOfSatisfying(ApiValidationException.class, e -> {
                    assertThat(e.items()).hasSize(1);
                    ApiValidationException.Item i = e.items().get(0);
                    assertThat(i.loc()).containsExactly("body", field);
                    assertThat(i.type()).isEqualTo(type);
                    assertThat(i.msg()).isEqualTo(msg);
                    assertThat(e.getMessage()).contains("body -> " + field, msg);
                });
    }

    @org.junit.jupiter.api.Test
    void img2imgMaskInvertAcceptsABooleanAndUnknownFieldsAreIgnored() throws Exception {
        Img2ImgApiRequest r = json.read(mapper.readTree("{\"inpainting_mask_invert\": true, \"inpaint_full_res\": 0,"
                + " \"mask\": null, \"no_such_field\": [1, 2], \"mask_blur\": \"4\"}"), Img2ImgApiRequest.class, null);
        assertThat(r.inpaintingMaskInvert()).isEqualTo(1);
        assertThat(r.inpaintFullRes()).isFalse();
        assertThat(r.mask()).isNull();
        assertThat(r.withDefaults().maskBlurX()).isEqualTo(4);
    }

    @org.junit.jupiter.api.Test
    void nullMeansTheDefaultAndABodyMustBeAnObject() throws Exception {
        Txt2ImgRequest r = json.read(mapper.readTree("{\"steps\": null, \"sampler_index\": null, \"width\": null}"),
                Txt2ImgRequest.class, null);
        assertThat(r.withDefaults().steps()).isEqualTo(50);
        assertThat(r.withDefaults().samplerIndex()).isEqualTo("Euler");
        assertThat(r.withDefaults().width()).isEqualTo(512);
        assertThat(json.read(null, Txt2ImgRequest.class, Txt2ImgRequestDefaults.EMPTY)).isSameAs(Txt2ImgRequestDefaults.EMPTY);
        assertThatThrownBy(() -> json.read(mapper.readTree("[1]"), Txt2ImgRequest.class, null))
                .isInstanceOfSatisfying(ApiValidationException.class,
                        e -> assertThat(e.items().get(0).type()).isEqualTo("type_error.dict"));
    }

    @org.junit.jupiter.api.Test
    void nestedLocNamesTheListIndex() throws Exception {
        assertThatThrownBy(() -> json.read(mapper.readTree("{\"styles\": [\"a\", {\"b\": 1}]}"), Txt2ImgRequest.class, null))
                .isInstanceOfSatisfying(ApiValidationException.class,
                        e -> assertThat(e.items().get(0).loc()).containsExactly("body", "styles", 1));
    }

    private JsonNode body(String field, String value) throws Exception {
        return mapper.readTree("{\"" + field + "\": " + value + "}");
    }

    /** The record component for a snake_case field. */
    private static Object component(Txt2ImgRequest r, String field) throws Exception {
        StringBuilder camel = new StringBuilder();
        boolean up = false;
        for (char c : field.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                camel.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return Txt2ImgRequest.class.getMethod(camel.toString()).invoke(r);
    }
}

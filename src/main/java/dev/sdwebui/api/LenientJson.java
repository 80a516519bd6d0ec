package dev.sdwebui.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Reads A1111 request bodies the way FastAPI/pydantic v1 does: scalars coerced by
 * {@link PydanticCoercion}, unknown fields ignored, null = the field's default. A value pydantic
 * would reject becomes an {@link ApiValidationException} (422) naming the field, as FastAPI's
 * {@code RequestValidationError} does: {@code loc ["body", "steps"]}, {@code msg}, {@code type}.
 */
@Component
class LenientJson {

    private final ObjectMapper mapper;

    LenientJson(ObjectMapper base) {
        this.mapper = base.copy().registerModule(PydanticCoercion.module())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
                .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, false);
    }

    /**
     * @param body the parsed JSON body; null or JSON null gives {@code empty}
     * @throws ApiValidationException 422 for a value of the wrong type, or a body that is not an object
     */
    <T> T read(JsonNode body, Class<T> type, T empty) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return empty;
        }
        if (!body.isObject()) {
            throw new ApiValidationException(List.of(new ApiValidationException.Item(List.of("body"),
                    "value is not a valid dict", "type_error.dict")), body.toString());
        }
        try {
            return mapper.treeToValue(body, type);
        } catch (PydanticCoercion.TypeError e) {
            throw new ApiValidationException(List.of(new ApiValidationException.Item(loc(e), e.getOriginalMessage(),
                    e.type())), body.toString());
        } catch (MismatchedInputException e) {
            throw new ApiValidationException(List.of(containerError(e)), body.toString());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String msg = e instanceof JsonMappingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ApiValidationException(List.of(new ApiValidationException.Item(
                    e instanceof JsonMappingException j ? loc(j) : List.of("body"), msg, "value_error")), body.toString());
        }
    }

    /** A list or dict field given something else (pydantic: "value is not a valid list/dict"). */
    private static ApiValidationException.Item containerError(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target != null && Collection.class.isAssignableFrom(target)) {
            return new ApiValidationException.Item(loc(e), "value is not a valid list", "type_error.list");
        }
        if (target != null && Map.class.isAssignableFrom(target)) {
            return new ApiValidationException.Item(loc(e), "value is not a valid dict", "type_error.dict");
        }
        return new ApiValidationException.Item(loc(e), e.getOriginalMessage(), "type_error");
    }

    /** FastAPI's loc: "body", then field names and list indexes. */
    private static List<Object> loc(JsonMappingException e) {
        List<Object> loc = new ArrayList<>();
        loc.add("body");
        for (JsonMappingException.Reference r : e.getPath()) {
            loc.add(r.getFieldName() != null ? r.getFieldName() : (Object) r.getIndex());
        }
        return loc;
    }
}

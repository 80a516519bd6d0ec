package dev.sdwebui.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/**
 * Turns every exception of an {@link SdApiController} into A1111's error JSON with the right status.
 * Unexpected exceptions are logged with their stack trace and answered 500 without one.
 */
@RestControllerAdvice(annotations = SdApiController.class)
public class SdApiExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SdApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        return ResponseEntity.status(e.status()).body(ApiError.http(e.status().value(), e.getMessage()));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ApiError> status(ResponseStatusException e) {
        String reason = e.getReason() != null ? e.getReason() : HttpStatus.valueOf(e.getStatusCode().value()).getReasonPhrase();
        return ResponseEntity.status(e.getStatusCode()).body(ApiError.http(e.getStatusCode().value(), reason));
    }

    /** Malformed JSON: FastAPI answers 422 with a "value_error.jsondecode" item. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        String msg = e.getMostSpecificCause().getMessage();
        String firstLine = msg == null ? "invalid request body" : msg.lines().findFirst().orElse(msg);
        return validation(new ApiValidationException(List.of(new ApiValidationException.Item(List.of("body"),
                firstLine, "value_error.jsondecode")), ""));
    }

    /** A value of the wrong type: FastAPI's 422 {@code detail} list, plus A1111's error keys. */
    @ExceptionHandler(ApiValidationException.class)
    ResponseEntity<Map<String, Object>> validation(ApiValidationException e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", "RequestValidationError");
        out.put("detail", e.items().stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("loc", i.loc());
            m.put("msg", i.msg());
            m.put("type", i.type());
            return m;
        }).toList());
        out.put("body", e.body());
        out.put("errors", e.getMessage());
        return ResponseEntity.status(422).body(out);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(405).body(ApiError.http(405, "Method Not Allowed"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(415).body(ApiError.http(415, "Unsupported Media Type"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> any(Exception e) {
        LOG.error("API error", e);
        return ResponseEntity.status(500).body(new ApiError(e.getClass().getSimpleName(), "", "", String.valueOf(e.getMessage())));
    }
}

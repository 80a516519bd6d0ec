package dev.sdwebui.api;

/**
 * A1111's error body ({@code modules/api/api.py: api_middleware.handle_exception}).
 *
 * @param error  the exception's class name ("HTTPException" for status errors)
 * @param detail the human-readable reason
 * @param body   the offending request body, if any ("" otherwise)
 * @param errors {@code str(e)}: "404: Not Found" for status errors
 */
public record ApiError(String error, String detail, String body, String errors) {

    public ApiError {
        error = error == null ? "" : error;
        detail = detail == null ? "" : detail;
        body = body == null ? "" : body;
        errors = errors == null ? "" : errors;
    }

    /** The body A1111 gives a FastAPI HTTPException. */
    public static ApiError http(int status, String detail) {
        return new ApiError("HTTPException", detail, "", status + ": " + detail);
    }
}

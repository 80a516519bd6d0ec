package dev.sdwebui.api;

import org.springframework.http.HttpStatus;

/**
 * Thrown by API controllers for a client-visible error (A1111's {@code HTTPException}); rendered by
 * {@link SdApiExceptionHandler} as {@code {"error":"HTTPException","detail":...}} with this status.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    public ApiException(HttpStatus status, String detail) {
        super(detail);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}

package dev.sdwebui.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 for API calls, as A1111's {@code Api.auth}: {@code WWW-Authenticate: Basic} and the A1111 error JSON
 * with detail "Incorrect username or password"; 429 with the wait when the client is locked out after
 * repeated failures ({@link LoginThrottle}).
 */
final class A1111AuthenticationEntryPoint implements AuthenticationEntryPoint {

    static final String BODY = "{\"error\": \"HTTPException\", \"detail\": \"Incorrect username or password\", "
            + "\"body\": \"\", \"errors\": \"401: Incorrect username or password\"}";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof LockedException) {
            String detail = e.getMessage().replace("\"", "'");
            response.setStatus(429);
            response.setContentType("application/json");
            response.getOutputStream().write(("{\"error\": \"HTTPException\", \"detail\": \"" + detail
                    + "\", \"body\": \"\", \"errors\": \"429: " + detail + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Basic realm=\"sd-webui\"");
        response.setContentType("application/json");
        response.getOutputStream().write(BODY.getBytes(StandardCharsets.UTF_8));
    }
}

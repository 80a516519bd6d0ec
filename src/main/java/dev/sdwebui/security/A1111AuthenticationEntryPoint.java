package dev.sdwebui.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 for API calls, as A1111's {@code Api.auth}: {@code WWW-Authenticate: Basic} and the A1111 error JSON
 * with detail "Incorrect username or password".
 */
final class A1111AuthenticationEntryPoint implements AuthenticationEntryPoint {

    static final String BODY = "{\"error\": \"HTTPException\", \"detail\": \"Incorrect username or password\", "
            + "\"body\": \"\", \"errors\": \"401: Incorrect username or password\"}";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", "Basic realm=\"sd-webui\"");
        response.setContentType("application/json");
        response.getOutputStream().write(BODY.getBytes(StandardCharsets.UTF_8));
    }
}

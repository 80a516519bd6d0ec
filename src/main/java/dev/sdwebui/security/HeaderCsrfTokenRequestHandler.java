package dev.sdwebui.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Reads the CSRF token from {@code X-CSRF-TOKEN} or {@code X-XSRF-TOKEN} (the value of the XSRF-TOKEN
 * cookie, sent back by our JS) or the {@code _csrf} form field of the login/logout forms.
 */
final class HeaderCsrfTokenRequestHandler extends CsrfTokenRequestAttributeHandler {

    @Override
    public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
        String v = request.getHeader("X-CSRF-TOKEN");
        if (v == null) {
            v = request.getHeader("X-XSRF-TOKEN");
        }
        return v != null ? v : super.resolveCsrfTokenValue(request, token);
    }
}

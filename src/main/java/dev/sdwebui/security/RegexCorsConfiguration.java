package dev.sdwebui.security;

import java.util.regex.Pattern;
import org.springframework.web.cors.CorsConfiguration;

/**
 * CORS as A1111's {@code configure_cors_middleware}: explicit origins (--cors-allow-origins) and/or one
 * regular expression (--cors-allow-origins-regex, Starlette {@code allow_origin_regex}: full match),
 * all methods and headers, credentials allowed.
 */
final class RegexCorsConfiguration extends CorsConfiguration {

    private final Pattern regex;

    RegexCorsConfiguration(Pattern regex) {
        this.regex = regex;
    }

    @Override
    public String checkOrigin(String origin) {
        String ok = super.checkOrigin(origin);
        if (ok != null) {
            return ok;
        }
        return origin != null && regex != null && regex.matcher(origin).matches() ? origin : null;
    }
}

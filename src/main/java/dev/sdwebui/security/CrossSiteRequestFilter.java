package dev.sdwebui.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses state-changing requests that a browser sends from another site, unless CORS allows that site.
 *
 * <p>Why: browsers replay cached HTTP Basic credentials (and may replay cookies) on cross-site form posts,
 * which need no CORS preflight. So neither an {@code Authorization} header nor a session proves that the
 * user meant the request: with {@code --api-auth}, a page elsewhere could post to {@code /sdapi/v1/interrupt},
 * {@code /internal/skip} or {@code /_stop}. Browsers mark every such request: {@code Origin} on every
 * cross-origin POST, and {@code Sec-Fetch-Site} in current browsers. API clients (curl, Python requests,
 * the A1111 client libraries) send neither, so they are unaffected. Ref: OWASP CSRF cheat sheet, "Verifying
 * origin with standard headers" and "Fetch metadata headers".
 */
final class CrossSiteRequestFilter extends OncePerRequestFilter {

    static final String BODY = "{\"error\": \"HTTPException\", \"detail\": \"Cross-site request refused\", "
            + "\"body\": \"\", \"errors\": \"403: Cross-site request refused\"}";

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final CorsConfigurationSource cors;

    CrossSiteRequestFilter(CorsConfigurationSource cors) {
        this.cors = cors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE.contains(request.getMethod().toUpperCase(Locale.ROOT)) || !crossSite(request)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(403);
        response.setContentType("application/json");
        response.getOutputStream().write(BODY.getBytes(StandardCharsets.UTF_8));
    }

    /** True when the request comes from a page of another site that CORS does not allow. */
    boolean crossSite(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.isBlank() && !"null".equals(origin)) {
            return !sameHost(origin, request) && !corsAllows(origin, request);
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if ("cross-site".equals(site) || "same-site".equals(site)) {
            return true; // no usable Origin, but the browser says the page is elsewhere
        }
        // "null" origins (sandboxed frames, file://) and requests with no browser markers at all:
        // a sandboxed page sends Origin: null, so refuse it; no markers means a non-browser client
        return "null".equals(origin);
    }

    private static boolean sameHost(String origin, HttpServletRequest request) {
        String authority;
        try {
            URI u = URI.create(origin);
            if (u.getHost() == null) {
                return false;
            }
            authority = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
        } catch (IllegalArgumentException e) {
            return false;
        }
        // a reverse proxy may pass the public host in X-Forwarded-Host (a page cannot set that header on a
        // request that needs no CORS preflight)
        for (String header : new String[] {"Host", "X-Forwarded-Host"}) {
            String host = request.getHeader(header);
            if (host != null && sameAuthority(authority, host.split(",")[0].strip(), request.isSecure())) {
                return true;
            }
        }
        return false;
    }

    /** "host" and "host:443" are one authority for https (":80" for http); hosts compare case-insensitively. */
    private static boolean sameAuthority(String a, String b, boolean secure) {
        String defaultPort = secure ? ":443" : ":80";
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        x = x.endsWith(defaultPort) ? x.substring(0, x.length() - defaultPort.length()) : x;
        y = y.endsWith(defaultPort) ? y.substring(0, y.length() - defaultPort.length()) : y;
        return x.equals(y);
    }

    private boolean corsAllows(String origin, HttpServletRequest request) {
        CorsConfiguration c = cors.getCorsConfiguration(request);
        return c != null && c.checkOrigin(origin) != null;
    }
}

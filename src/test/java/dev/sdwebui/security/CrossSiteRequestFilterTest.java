package dev.sdwebui.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.cors.CorsConfiguration;

/**
 * The server as most users run it: --api-auth (or --gradio-auth) and no CORS flags, where Spring's CORS filter
 * lets every origin through and only this filter stands between a cross-site form and the state-changing routes.
 */
class CrossSiteRequestFilterTest {

    @ParameterizedTest(name = "{0} Origin={1} Sec-Fetch-Site={2} Host={3} -> {4}")
    @CsvSource(nullValues = "-", value = {
        // a page elsewhere posts a form: the browser adds Origin (and replays Basic credentials)
        "POST, https://evil.example, cross-site, 127.0.0.1:7860, 403",
        "POST, https://evil.example, -, 127.0.0.1:7860, 403",
        "POST, http://127.0.0.1:9999, same-site, 127.0.0.1:7860, 403",
        "POST, -, cross-site, 127.0.0.1:7860, 403",
        "POST, -, same-site, 127.0.0.1:7860, 403",
        "POST, null, -, 127.0.0.1:7860, 403",
        "DELETE, https://evil.example, -, 127.0.0.1:7860, 403",
        // our own UI, or a proxy in front of it
        "POST, http://127.0.0.1:7860, same-origin, 127.0.0.1:7860, 200",
        "POST, http://LOCALHOST:7860, -, localhost:7860, 200",
        "POST, https://sd.example, same-origin, sd.example, 200",
        // clients that are not browsers send neither header
        "POST, -, -, 127.0.0.1:7860, 200",
        "POST, -, none, 127.0.0.1:7860, 200",
        // reads are CORS's business
        "GET, https://evil.example, cross-site, 127.0.0.1:7860, 200",
        "OPTIONS, https://evil.example, cross-site, 127.0.0.1:7860, 200",
    })
    void refusesStateChangingRequestsFromOtherSites(String method, String origin, String site, String host, int status)
            throws Exception {
        MockHttpServletRequest req = new MockHttpServletRequest(method, "/sdapi/v1/interrupt");
        if (origin != null) {
            req.addHeader("Origin", origin);
        }
        if (site != null) {
            req.addHeader("Sec-Fetch-Site", site);
        }
        req.addHeader("Host", host);
        req.addHeader("Authorization", "Basic Ym90OnMzY3IzdA==");
        MockHttpServletResponse res = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        new CrossSiteRequestFilter(r -> null).doFilter(req, res, chain);
        assertThat(res.getStatus()).isEqualTo(status);
        assertThat(chain.getRequest() != null).as("passed on").isEqualTo(status == 200);
        if (status == 403) {
            assertThat(res.getContentAsString()).contains("\"detail\": \"Cross-site request refused\"");
        }
    }

    @ParameterizedTest
    @CsvSource({"https://good.example, 200", "https://evil.example, 403"})
    void aSiteThatCorsAllowsMayPost(String origin, int status) throws Exception {
        CorsConfiguration cfg = new CorsConfiguration();
        cfg.addAllowedOrigin("https://good.example");
        MockHttpServletRequest req = new MockHttpServletRequest("POST", "/sdapi/v1/options");
        req.addHeader("Origin", origin);
        req.addHeader("Host", "127.0.0.1:7860");
        MockHttpServletResponse res = new MockHttpServletResponse();
        new CrossSiteRequestFilter(r -> cfg).doFilter(req, res, new MockFilterChain());
        assertThat(res.getStatus()).isEqualTo(status);
    }

    @ParameterizedTest
    @CsvSource({"https://sd.example, 200", "https://evil.example, 403"})
    void aReverseProxysForwardedHostCountsAsOurs(String origin, int status) throws Exception {
        MockHttpServletRequest req = new MockHttpServletRequest("POST", "/internal/skip");
        req.addHeader("Origin", origin);
        req.addHeader("Host", "127.0.0.1:7860");
        req.addHeader("X-Forwarded-Host", "sd.example");
        MockHttpServletResponse res = new MockHttpServletResponse();
        new CrossSiteRequestFilter(r -> null).doFilter(req, res, new MockFilterChain());
        assertThat(res.getStatus()).isEqualTo(status);
    }
}

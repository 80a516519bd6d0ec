package dev.sdwebui.api;

import dev.sdwebui.config.LaunchOptions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With --api-log, one log line per /sdapi call (A1111's {@code log_and_time} middleware):
 * {@code API <timestamp> <code> <scheme>/<http version> <method> <path> <client> <seconds>}.
 */
@Component
class ApiLogFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger("api");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private final boolean log;

    ApiLogFilter(LaunchOptions options) {
        this.log = options.apiLog();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/sdapi/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        long t0 = System.nanoTime();
        try {
            chain.doFilter(req, res);
        } finally {
            double secs = (System.nanoTime() - t0) / 1e9;
            if (log) {
                LOG.info("API {} {} {}/{} {} {} {} {}", LocalDateTime.now().format(TS), res.getStatus(),
                        req.getScheme(), req.getProtocol().replace("HTTP/", ""), req.getMethod(), req.getRequestURI(),
                        req.getRemoteAddr(), String.format(Locale.ROOT, "%.4f", secs));
            }
        }
    }
}

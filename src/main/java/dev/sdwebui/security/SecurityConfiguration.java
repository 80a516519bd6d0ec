package dev.sdwebui.security;

import dev.sdwebui.config.Credential;
import dev.sdwebui.config.LaunchOptions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * A1111's auth model, tightened (reference section 11):
 * <ul>
 *   <li>{@code /sdapi/**}: with --api-auth, HTTP Basic (API users, or a logged-in UI session) and a 401 with
 *       {@code WWW-Authenticate}; open otherwise, as in A1111. No CSRF (no cookies needed; JSON only).</li>
 *   <li>Everything else: with --gradio-auth/--gradio-auth-path, a form login at /login and a session.
 *       {@code /internal/**} and the file routes need a UI session or API credentials whenever ANY auth
 *       is configured (A1111 left /internal open). CSRF with a JS-readable XSRF-TOKEN cookie.</li>
 *   <li>CORS only for the origins given by --cors-allow-origins[-regex].</li>
 * </ul>
 */
@Configuration
public class SecurityConfiguration {

    private final LaunchOptions options;
    private final List<Credential> uiUsers;
    private final List<Credential> apiUsers;

    public SecurityConfiguration(LaunchOptions options) {
        this.options = options;
        this.uiUsers = Credential.uiUsers(options);
        this.apiUsers = Credential.apiUsers(options);
    }

    @Bean
    AuthenticationManager flagCredentialsAuthenticationManager() {
        return new ProviderManager(new CredentialsAuthenticationProvider(uiUsers, apiUsers,
                new LoginThrottle(java.time.Clock.systemUTC())));
    }

    /**
     * Headers for every answer: Spring Security's defaults (nosniff, no caching of authenticated pages, HSTS on
     * https) plus a Content-Security-Policy that allows only this server's own scripts (the UI has no inline
     * script), framing only by itself, and no plugins; images may be, and scripts may fetch, data:/blob: URLs (previews, uploads read back as data).
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' blob: data:; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    private static void headers(HttpSecurity http) throws Exception {
        http.headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CSP))
                .frameOptions(f -> f.sameOrigin())
                .referrerPolicy(r -> r.policy(
                        org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, AuthenticationManager am) throws Exception {
        headers(http);
        http.addFilterBefore(new CrossSiteRequestFilter(corsConfigurationSource()), CsrfFilter.class);
        http.securityMatcher(path("/sdapi/"))
                .authenticationManager(am)
                .csrf(AbstractHttpConfigurer::disable)
                .cors(Customizer.withDefaults())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(AbstractHttpConfigurer::disable)
                .exceptionHandling(e -> e.authenticationEntryPoint(new A1111AuthenticationEntryPoint()));
        if (!apiUsers.isEmpty()) {
            http.httpBasic(b -> b.authenticationEntryPoint(new A1111AuthenticationEntryPoint()))
                    .authorizeHttpRequests(a -> a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                            .anyRequest().hasAnyRole(CredentialsAuthenticationProvider.API, CredentialsAuthenticationProvider.UI));
        } else {
            http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
        }
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain uiChain(HttpSecurity http, AuthenticationManager am) throws Exception {
        headers(http);
        // before CSRF and authentication: the Authorization-header exemption below is safe only because a
        // cross-site browser request never gets that far
        http.addFilterBefore(new CrossSiteRequestFilter(corsConfigurationSource()), CsrfFilter.class);
        RequestMatcher protectedAlways = new OrRequestMatcher(path("/internal/"), path("/file="), path("/files/"));
        RequestMatcher publicAssets = new OrRequestMatcher(path("/login"), path("/css/"), path("/js/"),
                path("/favicon.ico"), path("/error"));
        http.authenticationManager(am)
                .cors(Customizer.withDefaults())
                .csrf(c -> c.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new HeaderCsrfTokenRequestHandler())
                        // Requests with credentials in the Authorization header, and /_stop (A1111 scripts call it
                        // bare), need no token: a browser may replay cached Basic credentials cross-site, but
                        // CrossSiteRequestFilter has already refused every cross-site state-changing request.
                        .ignoringRequestMatchers(r -> r.getHeader("Authorization") != null, path("/_stop")))
                .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class);
        boolean uiAuth = !uiUsers.isEmpty();
        if (uiAuth) {
            http.formLogin(f -> f.loginPage("/login").permitAll())
                    .logout(l -> l.logoutRequestMatcher(path("/logout")).logoutSuccessUrl("/login?logout"))
                    .httpBasic(b -> b.authenticationEntryPoint(new A1111AuthenticationEntryPoint()));
        } else if (!apiUsers.isEmpty()) {
            http.httpBasic(b -> b.authenticationEntryPoint(new A1111AuthenticationEntryPoint()));
        }
        http.authorizeHttpRequests(a -> {
            a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
            a.requestMatchers(publicAssets).permitAll();
            if (options.anyAuth()) {
                a.requestMatchers(protectedAlways).hasAnyRole(CredentialsAuthenticationProvider.UI, CredentialsAuthenticationProvider.API);
            }
            if (uiAuth) {
                a.anyRequest().hasRole(CredentialsAuthenticationProvider.UI);
            } else {
                a.anyRequest().permitAll();
            }
        });
        return http.build();
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource() {
        String origins = options.corsAllowOrigins();
        String regex = options.corsAllowOriginsRegex();
        if (origins == null && regex == null) {
            return request -> null;
        }
        RegexCorsConfiguration cfg = new RegexCorsConfiguration(regex == null ? null : Pattern.compile(regex));
        if (origins != null) {
            List<String> list = Arrays.stream(origins.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (list.contains("*")) {
                cfg.addAllowedOriginPattern("*");
            } else {
                cfg.setAllowedOrigins(list);
            }
        }
        cfg.addAllowedMethod(CorsConfiguration.ALL);
        cfg.addAllowedHeader(CorsConfiguration.ALL);
        cfg.setAllowCredentials(true);
        return request -> cfg;
    }

    /** Matches paths (after the --subpath context path) that start with this prefix. */
    static RequestMatcher path(String prefix) {
        return (HttpServletRequest r) -> {
            String uri = r.getRequestURI();
            String p = uri.substring(Math.min(r.getContextPath().length(), uri.length()));
            return p.startsWith(prefix);
        };
    }
}

package dev.sdwebui.security;

import dev.sdwebui.config.Credential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks user:password against the flag credentials in constant time (like A1111's
 * {@code secrets.compare_digest}): every entry is compared, with {@link MessageDigest#isEqual}, so the
 * time does not reveal which user exists or how many password characters matched.
 * UI users get ROLE_UI, API users ROLE_API (a name in both lists gets the roles of every matching entry).
 * Repeated failures from one client address lock it out for a while ({@link LoginThrottle}).
 */
final class CredentialsAuthenticationProvider implements AuthenticationProvider {

    static final String UI = "UI";
    static final String API = "API";

    private final List<Entry> entries = new ArrayList<>();
    private final LoginThrottle throttle;

    private record Entry(byte[] user, byte[] password, String role) {
    }

    CredentialsAuthenticationProvider(List<Credential> uiUsers, List<Credential> apiUsers, LoginThrottle throttle) {
        this.throttle = throttle;
        uiUsers.forEach(c -> entries.add(entry(c, UI)));
        apiUsers.forEach(c -> entries.add(entry(c, API)));
    }

    private static Entry entry(Credential c, String role) {
        return new Entry(c.user().getBytes(StandardCharsets.UTF_8), c.password().getBytes(StandardCharsets.UTF_8), role);
    }

    @Override
    public Authentication authenticate(Authentication auth) {
        String client = auth.getDetails() instanceof WebAuthenticationDetails d && d.getRemoteAddress() != null
                ? d.getRemoteAddress() : "unknown";
        java.time.Duration wait = throttle.remainingLock(client);
        if (!wait.isZero()) {
            throw new LockedException("Too many failed logins from this address; try again in "
                    + (wait.toMillis() + 999) / 1000 + " s");
        }
        String name = auth.getName() == null ? "" : auth.getName();
        Object cred = auth.getCredentials();
        byte[] user = name.getBytes(StandardCharsets.UTF_8);
        byte[] pass = (cred == null ? "" : cred.toString()).getBytes(StandardCharsets.UTF_8);
        List<SimpleGrantedAuthority> roles = new ArrayList<>();
        for (Entry e : entries) {
            boolean userOk = MessageDigest.isEqual(e.user(), user);
            boolean passOk = MessageDigest.isEqual(e.password(), pass);
            if (userOk & passOk) {
                roles.add(new SimpleGrantedAuthority("ROLE_" + e.role()));
            }
        }
        if (roles.isEmpty()) {
            throttle.failed(client);
            throw new BadCredentialsException("Incorrect username or password");
        }
        throttle.succeeded(client);
        return UsernamePasswordAuthenticationToken.authenticated(name, null, roles);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

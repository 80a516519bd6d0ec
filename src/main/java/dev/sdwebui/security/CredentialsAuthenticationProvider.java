package dev.sdwebui.security;

import dev.sdwebui.config.Credential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Checks user:password against the flag credentials in constant time (like A1111's
 * {@code secrets.compare_digest}): every entry is compared, with {@link MessageDigest#isEqual}, so the
 * time does not reveal which user exists or how many password characters matched.
 * UI users get ROLE_UI, API users ROLE_API (a name in both lists gets the roles of every matching entry).
 */
final class CredentialsAuthenticationProvider implements AuthenticationProvider {

    static final String UI = "UI";
    static final String API = "API";

    private final List<Entry> entries = new ArrayList<>();

    private record Entry(byte[] user, byte[] password, String role) {
    }

    CredentialsAuthenticationProvider(List<Credential> uiUsers, List<Credential> apiUsers) {
        uiUsers.forEach(c -> entries.add(entry(c, UI)));
        apiUsers.forEach(c -> entries.add(entry(c, API)));
    }

    private static Entry entry(Credential c, String role) {
        return new Entry(c.user().getBytes(StandardCharsets.UTF_8), c.password().getBytes(StandardCharsets.UTF_8), role);
    }

    @Override
    public Authentication authenticate(Authentication auth) {
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
            throw new BadCredentialsException("Incorrect username or password");
        }
        return UsernamePasswordAuthenticationToken.authenticated(name, null, roles);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

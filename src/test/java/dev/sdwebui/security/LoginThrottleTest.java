package dev.sdwebui.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sdwebui.config.Credential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Manual clock = new Manual();
    private final LoginThrottle throttle = new LoginThrottle(clock);
    private final CredentialsAuthenticationProvider provider = new CredentialsAuthenticationProvider(
            List.of(new Credential("alice", "secret")), List.of(), throttle);

    private Authentication attempt(String address, String password) {
        UsernamePasswordAuthenticationToken t = UsernamePasswordAuthenticationToken.unauthenticated("alice", password);
        t.setDetails(new WebAuthenticationDetails(address, null));
        return provider.authenticate(t);
    }

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> attempt(address, "guess")).isInstanceOf(BadCredentialsException.class);
        }
    }

    @Test
    void tenFailuresLockTheClientForThirtySecondsEvenWithTheRightPasswordThenItMayTryAgain() {
        fail("10.0.0.1", LoginThrottle.MAX_FAILURES - 1);
        assertThat(attempt("10.0.0.1", "secret").isAuthenticated()).as("9 failures: not locked yet").isTrue();
        fail("10.0.0.1", LoginThrottle.MAX_FAILURES);
        assertThatThrownBy(() -> attempt("10.0.0.1", "secret")).isInstanceOf(LockedException.class)
                .hasMessageContaining("try again in 30 s");
        assertThat(attempt("10.0.0.2", "secret").isAuthenticated()).as("other clients are not affected").isTrue();
        clock.now = clock.now.plus(LoginThrottle.FIRST_LOCK);
        assertThat(attempt("10.0.0.1", "secret").isAuthenticated()).as("the lock ends").isTrue();
    }

    @Test
    void locksDoubleUpToFifteenMinutesAndASuccessClearsTheRecord() {
        Duration expected = LoginThrottle.FIRST_LOCK;
        for (int lock = 0; lock < 8; lock++) {
            fail("10.0.0.3", LoginThrottle.MAX_FAILURES);
            assertThat(throttle.remainingLock("10.0.0.3")).as("lock " + lock).isEqualTo(expected);
            clock.now = clock.now.plus(expected);
            expected = expected.multipliedBy(2).compareTo(LoginThrottle.MAX_LOCK) > 0 ? LoginThrottle.MAX_LOCK
                    : expected.multipliedBy(2);
        }
        assertThat(expected).isEqualTo(Duration.ofMinutes(15));
        assertThat(attempt("10.0.0.3", "secret").isAuthenticated()).isTrue();
        fail("10.0.0.3", LoginThrottle.MAX_FAILURES);
        assertThat(throttle.remainingLock("10.0.0.3")).as("after a success the next lock is the first again")
                .isEqualTo(LoginThrottle.FIRST_LOCK);
    }

    @Test
    void aLockedApiClientGets429WithTheWait() throws Exception {
        MockHttpServletResponse r = new MockHttpServletResponse();
        new A1111AuthenticationEntryPoint().commence(new MockHttpServletRequest(), r,
                new LockedException("Too many failed logins from this address; try again in 30 s"));
        assertThat(r.getStatus()).isEqualTo(429);
        assertThat(r.getContentAsString()).contains("\"detail\": \"Too many failed logins from this address; try again in 30 s\"");
    }
}

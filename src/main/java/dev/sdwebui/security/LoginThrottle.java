package dev.sdwebui.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing per client address: after {@link #MAX_FAILURES} failed logins in a row a client is
 * refused for {@link #FIRST_LOCK}, doubling with each further lock up to {@link #MAX_LOCK}. A lock always ends
 * (the owner is never locked out for good), a success clears the client's record, and other clients are not
 * affected. Covers the UI form login and HTTP Basic for the API alike.
 */
final class LoginThrottle {

    static final int MAX_FAILURES = 10;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration MAX_LOCK = Duration.ofMinutes(15);
    /** Bounds the table under a flood of addresses; the oldest records are dropped first. */
    private static final int MAX_CLIENTS = 10_000;

    private final Clock clock;
    private final Map<String, Record> clients = new ConcurrentHashMap<>();

    private record Record(int failures, int locks, Instant lockedUntil, Instant last) {
    }

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this client must still wait; zero when it may try. */
    Duration remainingLock(String client) {
        Record r = clients.get(client);
        if (r == null || r.lockedUntil() == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), r.lockedUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    void failed(String client) {
        Instant now = clock.instant();
        clients.compute(client, (k, r) -> {
            int failures = (r == null ? 0 : r.failures()) + 1;
            int locks = r == null ? 0 : r.locks();
            if (failures < MAX_FAILURES) {
                return new Record(failures, locks, r == null ? null : r.lockedUntil(), now);
            }
            Duration lock = FIRST_LOCK.multipliedBy(1L << Math.min(locks, 20));
            lock = lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock;
            return new Record(0, locks + 1, now.plus(lock), now);
        });
        if (clients.size() > MAX_CLIENTS) {
            clients.entrySet().stream().min(Map.Entry.comparingByValue((a, b) -> a.last().compareTo(b.last())))
                    .ifPresent(e -> clients.remove(e.getKey()));
        }
    }

    void succeeded(String client) {
        clients.remove(client);
    }
}

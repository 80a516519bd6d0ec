package dev.sdwebui.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sdwebui.config.LaunchOptions;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** server-kill/restart/stop: refused without --api-server-stop; kill halts the process after answering. */
class ServerControlControllerTest {

    @Test
    void withoutTheFlagEveryActionIsForbiddenAndNamesTheFlag() {
        ServerControlController c = new ServerControlController(LaunchOptions.defaults(), null, code -> {
            throw new AssertionError("must not halt");
        });
        for (Runnable action : new Runnable[] {c::stop, c::kill, c::restart}) {
            assertThatThrownBy(action::run).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN);
                assertThat(e.getMessage()).contains("--api-server-stop");
            });
        }
    }

    @Test
    void killAnswersThenHaltsAndRestartIsNotImplemented() throws Exception {
        LaunchOptions flags = LaunchOptions.fromValues(Map.of("api-server-stop", true));
        CountDownLatch halted = new CountDownLatch(1);
        AtomicInteger code = new AtomicInteger(-1);
        ServerControlController c = new ServerControlController(flags, null, status -> {
            code.set(status);
            halted.countDown();
        });
        assertThat(c.kill().getStatusCode().value()).isEqualTo(200);
        assertThat(halted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(code.get()).isZero();
        assertThatThrownBy(c::restart).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_IMPLEMENTED));
    }
}

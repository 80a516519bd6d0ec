package dev.sdwebui.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.config.LaunchOptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** /sdapi/v1 controllers exist only with --api or --nowebui (A1111 mounts its Api class only then). */
class ApiMountTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withBean(LaunchOptions.class, LaunchOptions::defaults)
            .withUserConfiguration(CmdFlagsController.class);

    @Test
    void notMountedWithoutApiFlag() {
        runner.withPropertyValues("sdwebui.api-enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(CmdFlagsController.class));
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(CmdFlagsController.class));
    }

    @Test
    void mountedWithApiFlag() {
        runner.withPropertyValues("sdwebui.api-enabled=true")
                .run(ctx -> assertThat(ctx).hasSingleBean(CmdFlagsController.class));
    }
}

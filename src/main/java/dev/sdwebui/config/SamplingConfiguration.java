package dev.sdwebui.config;

import ai.djl.Device;
import dev.sdwebui.sampling.SamplerCatalog;
import dev.sdwebui.tensor.rng.RandomSources;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the plain-Java sampling engine: the sampler/scheduler catalog (for /sdapi/v1/samplers and
 * /sdapi/v1/schedulers and request validation) and the process-wide random sources.
 */
@Configuration(proxyBeanMethods = false)
public class SamplingConfiguration {

    @Bean
    SamplerCatalog samplerCatalog() {
        return new SamplerCatalog();
    }

    /** CPU inference for now: "GPU" noise equals "CPU" noise, as in A1111 on a CPU device. */
    @Bean
    RandomSources randomSources() {
        return new RandomSources(Device.cpu());
    }
}

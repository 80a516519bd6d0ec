package dev.sdwebui.config;

import dev.sdwebui.model.network.HypernetworkRegistry;
import dev.sdwebui.model.network.NetworkRegistry;
import dev.sdwebui.pipeline.ExtraNetworkService;
import java.nio.file.Path;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires extra networks: the LoRA-family folders ({@code --lora-dir}, default models/Lora, and
 * {@code --lyco-dir-backcompat}, default models/LyCORIS; Ref: A1111 extensions-builtin/Lora/preload.py)
 * and the service that applies the networks prompts name.
 */
@Configuration(proxyBeanMethods = false)
public class ExtraNetworksConfiguration {

    @Bean
    NetworkRegistry networkRegistry(DataPaths paths, LaunchOptions o) {
        Path lyco = o.lycoDirBackcompat() == null || o.lycoDirBackcompat().isBlank()
                ? paths.modelsDir().resolve("LyCORIS") : Path.of(o.lycoDirBackcompat()).toAbsolutePath().normalize();
        NetworkRegistry r = new NetworkRegistry(List.of(paths.loraDir(), lyco));
        r.refresh();
        return r;
    }

    @Bean
    HypernetworkRegistry hypernetworkRegistry(DataPaths paths) {
        HypernetworkRegistry r = new HypernetworkRegistry(paths.hypernetworkDir());
        r.refresh();
        return r;
    }

    @Bean(destroyMethod = "close")
    ExtraNetworkService extraNetworkService(NetworkRegistry loras, HypernetworkRegistry hypernetworks) {
        return new ExtraNetworkService(loras, hypernetworks);
    }
}

package dev.sdwebui.config;

import dev.sdwebui.config.settings.SettingsContribution;
import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.config.styles.StylesStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Settings (config.json) and prompt styles (styles.csv) beans. */
@Configuration
public class SettingsConfiguration {

    @Bean
    SettingsRegistry settingsRegistry(ObjectProvider<SettingsContribution> contributions) {
        return SettingsRegistry.withA1111Defaults(contributions.orderedStream().toList());
    }

    @Bean
    SettingsStore settingsStore(SettingsRegistry registry, DataPaths paths, LaunchOptions options) {
        return new SettingsStore(registry, paths.settingsFile(), options.freezeSettings(), options.hideUiDirConfig());
    }

    @Bean
    StylesStore stylesStore(DataPaths paths) {
        return new StylesStore(paths.stylesFiles());
    }
}

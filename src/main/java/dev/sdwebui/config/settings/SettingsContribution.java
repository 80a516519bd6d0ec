package dev.sdwebui.config.settings;

import java.util.List;

/**
 * How a feature adds its own settings: declare a bean
 * {@code @Bean SettingsContribution loraSettings() { return () -> List.of(SettingKey.text("extra_networks", "sd_lora", "None", "Add Lora to prompt")); }}
 * and the keys join the registry, /sdapi/v1/options and config.json.
 */
@FunctionalInterface
public interface SettingsContribution {

    List<SettingKey<?>> keys();
}

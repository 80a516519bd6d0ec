package dev.sdwebui.config.settings;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every known setting key, in registration order (A1111's {@code opts.data_labels}). Immutable. */
public final class SettingsRegistry {

    private final Map<String, SettingKey<?>> keys;

    /** @throws IllegalArgumentException when two contributions register the same key */
    public SettingsRegistry(List<SettingKey<?>> all) {
        Map<String, SettingKey<?>> m = new LinkedHashMap<>();
        for (SettingKey<?> k : all) {
            if (m.putIfAbsent(k.key(), k) != null) {
                throw new IllegalArgumentException("setting registered twice: " + k.key());
            }
        }
        this.keys = Collections.unmodifiableMap(m);
    }

    /** A1111's built-in settings plus the contributions. */
    public static SettingsRegistry withA1111Defaults(List<SettingsContribution> contributions) {
        List<SettingKey<?>> all = new java.util.ArrayList<>(A1111Settings.all());
        contributions.forEach(c -> all.addAll(c.keys()));
        return new SettingsRegistry(all);
    }

    public Optional<SettingKey<?>> find(String key) {
        return Optional.ofNullable(keys.get(key));
    }

    public Collection<SettingKey<?>> keys() {
        return keys.values();
    }
}

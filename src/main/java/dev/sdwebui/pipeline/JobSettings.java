package dev.sdwebui.pipeline;

import dev.sdwebui.config.settings.SettingKey;
import dev.sdwebui.config.settings.SettingsRegistry;
import dev.sdwebui.config.settings.SettingsStore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings one job runs with: a snapshot of config.json with the request's
 * {@code override_settings} laid over it. A1111 writes overrides into the global {@code opts} and
 * restores them afterwards ({@code override_settings_restore_afterwards}); a per-job snapshot gives the
 * same result without touching shared state, so concurrent readers (the UI, /options) never see a
 * job's overrides and nothing needs restoring after a failure.
 */
public final class JobSettings {

    private static final Logger LOG = LoggerFactory.getLogger(JobSettings.class);
    private final Map<String, Object> values;
    private final Map<String, Object> applied;

    private JobSettings(Map<String, Object> values, Map<String, Object> applied) {
        this.values = values;
        this.applied = Collections.unmodifiableMap(applied);
    }

    /**
     * @throws IllegalArgumentException for an override of the wrong type (the API answers 400)
     */
    public static JobSettings of(SettingsStore store, SettingsRegistry registry, Map<String, Object> overrides) {
        Map<String, Object> values = store.all();
        Map<String, Object> applied = new LinkedHashMap<>();
        overrides.forEach((key, value) -> {
            var k = registry.find(key);
            if (k.isEmpty()) {
                // A1111 silently keeps unknown keys (extensions' options); we cannot use them, so say so.
                LOG.warn("override_settings: unknown setting '{}' ignored", key);
                return;
            }
            values.put(key, k.get().coerce(value));
            applied.put(key, values.get(key));
        });
        return new JobSettings(values, applied);
    }

    /** Plain values (tests, tools): no registry, no coercion. */
    public static JobSettings ofValues(Map<String, Object> values) {
        return new JobSettings(new LinkedHashMap<>(values), new LinkedHashMap<>());
    }

    /** The overrides that took effect, coerced. */
    public Map<String, Object> applied() {
        return applied;
    }

    public <T> T get(SettingKey<T> key) {
        Object v = values.get(key.key());
        return key.type().isInstance(v) ? key.type().cast(v) : key.defaultValue();
    }

    public boolean bool(String key, boolean fallback) {
        return values.get(key) instanceof Boolean b ? b : fallback;
    }

    public int integer(String key, int fallback) {
        return values.get(key) instanceof Number n ? n.intValue() : fallback;
    }

    public double number(String key, double fallback) {
        return values.get(key) instanceof Number n ? n.doubleValue() : fallback;
    }

    public String text(String key, String fallback) {
        Object v = values.get(key);
        return v == null ? fallback : v.toString();
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String key) {
        return values.get(key) instanceof List<?> l ? (List<String>) l : List.of();
    }
}

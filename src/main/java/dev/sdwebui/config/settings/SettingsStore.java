package dev.sdwebui.config.settings;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdwebui.config.settings.SettingsException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings values, persisted to config.json exactly like A1111's {@code Options.save}: one flat JSON
 * object with every key (defaults included), 4-space indent, UTF-8. Keys unknown to the registry (from
 * A1111 extensions, or a newer version) are kept as they are so a user's config.json survives a round trip.
 * Thread-safe.
 */
public final class SettingsStore {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);

    private final SettingsRegistry registry;
    private final Path file;
    private final boolean frozen;
    private final boolean hideDirConfig;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Object> values = new LinkedHashMap<>();

    /**
     * @param frozen        --freeze-settings: every change is refused
     * @param hideDirConfig --hide-ui-dir-config: restricted (path) keys are refused
     */
    public SettingsStore(SettingsRegistry registry, Path file, boolean frozen, boolean hideDirConfig) {
        this.registry = registry;
        this.file = file;
        this.frozen = frozen;
        this.hideDirConfig = hideDirConfig;
        load();
    }

    private synchronized void load() {
        registry.keys().forEach(k -> values.put(k.key(), k.defaultValue()));
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            Map<String, Object> stored = json.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
            stored.forEach((key, v) -> {
                var k = registry.find(key);
                if (k.isEmpty()) {
                    values.put(key, v);
                    return;
                }
                try {
                    values.put(key, k.get().coerce(v));
                } catch (IllegalArgumentException e) {
                    LOG.warn("config.json: ignoring bad setting value: {}", e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.error("cannot read {} ({}); starting with default settings", file, e.getMessage());
        }
    }

    /** The typed value of a key. */
    public <T> T get(SettingKey<T> key) {
        Object v = get(key.key());
        return key.type().isInstance(v) ? key.type().cast(v) : key.defaultValue();
    }

    /** A value by key (null when unknown). */
    public synchronized Object get(String key) {
        return values.get(key);
    }

    /** Every value: registry keys in order, then unknown stored keys (the body of GET /sdapi/v1/options). */
    public synchronized Map<String, Object> all() {
        return new LinkedHashMap<>(values);
    }

    public boolean frozen() {
        return frozen;
    }

    /** Whether the key is locked by --hide-ui-dir-config. */
    public boolean restricted(String key) {
        return hideDirConfig && registry.find(key).map(SettingKey::restricted).orElse(false);
    }

    /**
     * Validates every entry first (all or nothing), applies them and writes config.json.
     *
     * @throws SettingsException unknown key, bad type, frozen or restricted
     */
    public synchronized void setAll(Map<String, Object> changes) {
        values.putAll(checked(changes));
        save();
    }

    /**
     * The checks of {@link #setAll} without applying anything (a caller that must do slow work, such
     * as loading a checkpoint, before the change takes effect validates first).
     *
     * @throws SettingsException unknown key, bad type, frozen or restricted
     */
    public synchronized void validate(Map<String, Object> changes) {
        checked(changes);
    }

    private Map<String, Object> checked(Map<String, Object> changes) {
        if (frozen && !changes.isEmpty()) {
            throw new SettingsException(Reason.FROZEN, "changing settings is disabled");
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        for (var e : changes.entrySet()) {
            SettingKey<?> k = registry.find(e.getKey())
                    .orElseThrow(() -> new SettingsException(Reason.UNKNOWN_KEY, "unknown setting: " + e.getKey()));
            if (restricted(k.key()) && !java.util.Objects.equals(values.get(k.key()), e.getValue())) {
                throw new SettingsException(Reason.RESTRICTED, "not possible to set '" + k.key() + "' because it is restricted");
            }
            try {
                checked.put(k.key(), k.coerce(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new SettingsException(Reason.BAD_VALUE, ex.getMessage());
            }
        }
        return checked;
    }

    /** One typed change (same checks as {@link #setAll}). */
    public <T> void set(SettingKey<T> key, T value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key.key(), value);
        setAll(m);
    }

    /** Writes config.json atomically. */
    public synchronized void save() {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                .withArrayIndenter(new DefaultIndenter("    ", "\n"))
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = parent.resolve(file.getFileName() + ".tmp");
            Files.writeString(tmp, json.writer(pp).writeValueAsString(values), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

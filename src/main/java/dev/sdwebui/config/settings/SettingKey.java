package dev.sdwebui.config.settings;

import java.util.List;
import java.util.Objects;

/**
 * One typed setting with its A1111 key and default ({@code modules/shared_options.py}).
 *
 * @param key          A1111's key in config.json and /sdapi/v1/options
 * @param section      A1111 section id ("sd", "sampler-params", ...)
 * @param label        the label shown in Settings
 * @param type         Boolean, Integer, Double, String or List (of String)
 * @param defaultValue default (null only where A1111's default is None)
 * @param restricted   a path/pattern setting that --hide-ui-dir-config locks (A1111's {@code restricted_opts})
 * @param <T>          the value type
 */
public record SettingKey<T>(String key, String section, String label, Class<T> type, T defaultValue,
                            boolean restricted) {

    private static final List<Class<?>> TYPES = List.of(Boolean.class, Integer.class, Double.class, String.class, List.class);

    public SettingKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(type, "type");
        label = label == null ? key : label;
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException(key + ": unsupported setting type " + type.getSimpleName());
        }
        if (defaultValue != null && !type.isInstance(defaultValue)) {
            throw new IllegalArgumentException(key + ": default " + defaultValue + " is not a " + type.getSimpleName());
        }
    }

    public static SettingKey<Boolean> bool(String section, String key, boolean def, String label) {
        return new SettingKey<>(key, section, label, Boolean.class, def, false);
    }

    public static SettingKey<Integer> integer(String section, String key, Integer def, String label) {
        return new SettingKey<>(key, section, label, Integer.class, def, false);
    }

    public static SettingKey<Double> number(String section, String key, double def, String label) {
        return new SettingKey<>(key, section, label, Double.class, def, false);
    }

    public static SettingKey<String> text(String section, String key, String def, String label) {
        return new SettingKey<>(key, section, label, String.class, def, false);
    }

    /** A path or file-name pattern: locked by --hide-ui-dir-config. */
    public static SettingKey<String> path(String section, String key, String def, String label) {
        return new SettingKey<>(key, section, label, String.class, def, true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static SettingKey<List<String>> list(String section, String key, List<String> def, String label) {
        return new SettingKey(key, section, label, List.class, List.copyOf(def), false);
    }

    /**
     * Checks and normalises a JSON value (as Jackson reads it) for this key: ints for float keys become
     * doubles, integral doubles for int keys become ints. Returns the stored value or throws with a
     * message naming the expected type.
     */
    public Object coerce(Object value) {
        if (value == null) {
            if (defaultValue == null) {
                return null;
            }
            throw new IllegalArgumentException(key + ": null is not allowed (expected " + typeName() + ")");
        }
        if (type == Double.class && value instanceof Number n) {
            return n.doubleValue();
        }
        if (type == Integer.class && value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        if (type == List.class && value instanceof List<?> l && l.stream().allMatch(x -> x instanceof String)) {
            return List.copyOf(l);
        }
        if (type != List.class && type != Integer.class && type.isInstance(value)) {
            return value;
        }
        throw new IllegalArgumentException(key + ": expected " + typeName() + ", got " + describe(value));
    }

    private String typeName() {
        return switch (type.getSimpleName()) {
            case "Boolean" -> "a boolean";
            case "Integer" -> "an integer";
            case "Double" -> "a number";
            case "String" -> "a string";
            default -> "a list of strings";
        };
    }

    private static String describe(Object v) {
        String s = String.valueOf(v);
        return (s.length() > 40 ? s.substring(0, 40) + "..." : s) + " (" + v.getClass().getSimpleName() + ")";
    }
}

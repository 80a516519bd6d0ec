package dev.sdwebui.web;

import java.util.List;
import java.util.Objects;

/**
 * One control of the Settings tab (and of the quicksettings bar), rendered by the template as
 * {@code <div id="setting_<key>">} around the input, as A1111's Gradio components are.
 *
 * @param kind    {@code checkbox}, {@code number}, {@code select}, {@code list} (comma separated) or {@code text}
 * @param value   the current value as the template shows it (lists joined with ", ")
 * @param choices the dropdown entries for {@code select}, else empty
 * @param step    the number input's step ("1" for integers, "any" for floats)
 */
record SettingField(String key, String label, String kind, Object value, List<String> choices, String step) {
    SettingField {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        choices = List.copyOf(choices);
    }
}

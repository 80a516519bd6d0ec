package dev.sdwebui.web;

import java.util.List;

/** A page of the Settings tab: A1111's section id, its title and its controls in registry order. */
record SettingsSection(String id, String title, List<SettingField> fields) {
    SettingsSection {
        fields = List.copyOf(fields);
    }
}

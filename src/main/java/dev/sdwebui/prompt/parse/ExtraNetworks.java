package dev.sdwebui.prompt.parse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extra-network tags such as {@code <lora:name:0.8>} and {@code <hypernet:name>}: removed from the
 * text before encoding and passed on to whoever activates the networks.
 *
 * <p>Ref: A1111 extra_networks.py {@code re_extra_net = <(\w+):([^>]+)>}, {@code parse_prompt}
 * (args split on {@code :}) and {@code parse_prompts} (only the first prompt of a batch defines the
 * extra-network data).
 */
public final class ExtraNetworks {

    private static final Pattern TAG = Pattern.compile("<(\\w+):([^>]+)>", Pattern.UNICODE_CHARACTER_CLASS);

    private ExtraNetworks() {
    }

    public static ExtraNetworkPrompt parse(String prompt) {
        Map<String, List<ExtraNetworkParams>> found = new LinkedHashMap<>();
        Matcher m = TAG.matcher(prompt == null ? "" : prompt);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            List<String> items = Arrays.asList(m.group(2).split(":", -1));
            found.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(ExtraNetworkParams.of(items));
            m.appendReplacement(out, "");
        }
        m.appendTail(out);
        return new ExtraNetworkPrompt(out.toString(), found);
    }

    /** Every prompt stripped; the network data of the first prompt (A1111 {@code parse_prompts}). */
    public static ExtraNetworkPrompts parseAll(List<String> prompts) {
        List<String> stripped = new ArrayList<>(prompts.size());
        Map<String, List<ExtraNetworkParams>> first = null;
        for (String p : prompts) {
            ExtraNetworkPrompt r = parse(p);
            if (first == null) {
                first = r.networks();
            }
            stripped.add(r.prompt());
        }
        return new ExtraNetworkPrompts(stripped, first == null ? Map.of() : first);
    }
}

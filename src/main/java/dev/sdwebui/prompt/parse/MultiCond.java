package dev.sdwebui.prompt.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Composable diffusion: splits a prompt on {@code AND}; each sub-prompt may end with
 * {@code :weight} (default 1.0).
 *
 * <p>Ref: A1111 prompt_parser.py {@code re_AND = \bAND\b}, {@code re_weight} and
 * {@code get_multicond_prompt_list}. Identical sub-prompt texts share one flat index.
 */
public final class MultiCond {

    private static final Pattern AND = Pattern.compile("\\bAND\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WEIGHT = Pattern.compile(
            "^((?:\\s|.)*?)(?:\\s*:\\s*([-+]?(?:\\d+\\.?|\\d*\\.\\d+)))?\\s*$",
            Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES);

    private MultiCond() {
    }

    public static MultiCondPrompts split(List<String> prompts) {
        List<List<WeightedIndex>> all = new ArrayList<>();
        List<String> flat = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String prompt : prompts) {
            List<WeightedIndex> indexes = new ArrayList<>();
            for (String sub : AND.split(prompt, -1)) {
                String text = sub;
                double weight = 1.0;
                Matcher m = WEIGHT.matcher(sub);
                if (m.find()) {
                    text = m.group(1);
                    weight = m.group(2) == null ? 1.0 : Double.parseDouble(m.group(2));
                }
                Integer index = seen.get(text);
                if (index == null) {
                    index = flat.size();
                    flat.add(text);
                    seen.put(text, index);
                }
                indexes.add(new WeightedIndex(index, weight));
            }
            all.add(indexes);
        }
        return new MultiCondPrompts(all, flat);
    }
}

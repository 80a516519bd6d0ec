package dev.sdwebui.infotext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a {@code parameters} text into A1111's ordered field dict.
 * Ref: modules/infotext_utils.py parse_generation_parameters (v1.10): the last line is the parameter
 * line only when {@code re_param} finds at least 3 pairs; prompt lines until "Negative prompt:";
 * quoted values are JSON-decoded; {@code WxH} values split into {@code Key-1}/{@code Key-2}; then the
 * defaults A1111 fills in, restore_old_hires_fix_params, infotext_versions.backcompat and
 * infotext_skip_pasting. Values are strings (Python's {@code str()} of A1111's value: 0, "32", "True").
 *
 * <p>Beyond the dict, as A1111's paste fields do: a legacy sampler name such as "DPM++ 2M Karras" is
 * split into "Sampler" and "Schedule type" (Ref: sd_samplers.get_sampler_and_scheduler). We keep the
 * explicit scheduler label ("Karras") rather than A1111's UI conversion to "Automatic", which is the
 * same schedule for that sampler. Style extraction ({@code infotext_styles}) is not done here.
 */
public final class InfotextParser {

    // Ref: infotext_utils.re_param_code. UNICODE_CHARACTER_CLASS: Python 3's \w and \s are Unicode-aware;
    // UNIX_LINES: Python's $ only considers '\n'.
    private static final Pattern RE_PARAM = Pattern.compile(
            "\\s*(\\w[\\w \\-/]+):\\s*(\"(?:\\\\.|[^\\\\\"])+\"|[^,]*)(?:,|$)",
            Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES);
    private static final Pattern RE_IMAGESIZE = Pattern.compile("^(\\d+)x(\\d+)$", Pattern.UNIX_LINES);
    private static final String NEGATIVE = "Negative prompt:";

    private final boolean autoBackcompat;
    private final Set<String> skipPasting;

    /** Defaults of A1111's settings: {@code auto_backcompat=True}, {@code infotext_skip_pasting=[]}. */
    public InfotextParser() {
        this(true, Set.of());
    }

    public InfotextParser(boolean autoBackcompat, Set<String> skipPasting) {
        this.autoBackcompat = autoBackcompat;
        this.skipPasting = Set.copyOf(skipPasting);
    }

    /** The ordered field dict; never null, never throws on odd text. */
    public Map<String, String> parse(String text) {
        Map<String, String> res = parseFields(text);
        InfotextDefaults.apply(res);
        InfotextVersion.backcompat(res, autoBackcompat);
        LegacySamplerNames.split(res);
        res.keySet().removeAll(skipPasting);
        return res;
    }

    /** Prompt, Negative prompt and the written pairs only: no defaults, no compatibility fix-ups. */
    Map<String, String> parseFields(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(PyFormat.strip(text).split("\n", -1)));
        String last = lines.remove(lines.size() - 1);
        List<String[]> pairs = findPairs(last);
        if (pairs.size() < 3) {
            lines.add(last);
            pairs = List.of();
        }
        Map<String, String> res = new LinkedHashMap<>();
        splitPrompts(lines, res);
        for (String[] kv : pairs) {
            String k = kv[0];
            String v = kv[1];
            if (v.isEmpty()) {
                continue; // A1111: v[0] raises IndexError, it prints "Error parsing" and skips the key
            }
            if (v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
                v = InfotextQuoting.unquote(v);
            }
            Matcher m = RE_IMAGESIZE.matcher(v);
            if (m.matches()) {
                res.put(k + "-1", m.group(1));
                res.put(k + "-2", m.group(2));
            } else {
                res.put(k, v);
            }
        }
        return res;
    }

    static List<String[]> findPairs(String line) {
        List<String[]> out = new ArrayList<>();
        Matcher m = RE_PARAM.matcher(line);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    private static void splitPrompts(List<String> lines, Map<String, String> res) {
        StringBuilder prompt = new StringBuilder();
        StringBuilder negative = new StringBuilder();
        boolean doneWithPrompt = false;
        for (String raw : lines) {
            String line = PyFormat.strip(raw);
            if (line.startsWith(NEGATIVE)) {
                doneWithPrompt = true;
                line = PyFormat.strip(line.substring(NEGATIVE.length()));
            }
            StringBuilder target = doneWithPrompt ? negative : prompt;
            if (target.length() > 0) {
                target.append('\n');
            }
            target.append(line);
        }
        res.put("Prompt", prompt.toString());
        res.put("Negative prompt", negative.toString());
    }
}

package dev.sdwebui.infotext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The infotext "Version" field and the backwards-compatibility flags it switches on.
 * Ref: modules/infotext_versions.py (parse_version keeps "v1.7.0-225" of "v1.7.0-225-gabc"; packaging's
 * Version reads "-225" as post-release 225; backcompat adds the flags below).
 *
 * @param release  numeric release parts (1, 7, 0)
 * @param pre      pre-release rank (-1 none; a/b/rc are 0/1/2) ...
 * @param preNum   ... and its number
 * @param post     post-release number, -1 when absent
 */
record InfotextVersion(List<Integer> release, int pre, int preNum, int post) implements Comparable<InfotextVersion> {

    private static final Pattern GIT_DESCRIBE = Pattern.compile("([^-]+-[^-]+)-.*");
    private static final Pattern PEP440 = Pattern.compile(
            "(?i)v?(\\d+(?:\\.\\d+)*)(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\\d*))?(?:-(\\d+)|[-_.]?(?:post|rev|r)[-_.]?(\\d*))?");

    static final InfotextVersion V160 = parse("1.6.0");
    static final InfotextVersion V170_TSNR = parse("v1.7.0-225");
    static final InfotextVersion V180 = parse("1.8.0");

    /** Null when the text is not a version packaging would accept (then no flags are added). */
    static InfotextVersion parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher g = GIT_DESCRIBE.matcher(text);
        if (g.matches()) {
            text = g.group(1);
        }
        Matcher m = PEP440.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        List<Integer> rel = new ArrayList<>();
        for (String part : m.group(1).split("\\.")) {
            rel.add(Integer.parseInt(part));
        }
        while (rel.size() > 1 && rel.get(rel.size() - 1) == 0) {
            rel.remove(rel.size() - 1); // 1.6 == 1.6.0 in PEP 440
        }
        int pre = -1;
        int preNum = 0;
        if (m.group(2) != null) {
            String t = m.group(2).toLowerCase();
            pre = t.startsWith("a") ? 0 : t.startsWith("b") ? 1 : 2;
            preNum = m.group(3).isEmpty() ? 0 : Integer.parseInt(m.group(3));
        }
        int post = -1;
        if (m.group(4) != null) {
            post = Integer.parseInt(m.group(4));
        } else if (m.group(5) != null) {
            post = m.group(5).isEmpty() ? 0 : Integer.parseInt(m.group(5));
        }
        return new InfotextVersion(List.copyOf(rel), pre, preNum, post);
    }

    @Override
    public int compareTo(InfotextVersion o) {
        int n = Math.max(release.size(), o.release.size());
        for (int i = 0; i < n; i++) {
            int a = i < release.size() ? release.get(i) : 0;
            int b = i < o.release.size() ? o.release.get(i) : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        int preA = pre < 0 ? Integer.MAX_VALUE : pre;
        int preB = o.pre < 0 ? Integer.MAX_VALUE : o.pre;
        if (preA != preB) {
            return Integer.compare(preA, preB);
        }
        if (preNum != o.preNum) {
            return Integer.compare(preNum, o.preNum);
        }
        return Integer.compare(post, o.post);
    }

    static void backcompat(Map<String, String> d, boolean enabled) {
        if (!enabled) {
            return;
        }
        InfotextVersion ver = parse(d.get("Version"));
        if (ver == null) {
            return;
        }
        if (ver.compareTo(V160) < 0 && d.getOrDefault("Prompt", "").contains("[")) {
            d.put("Old prompt editing timelines", "True");
        }
        String sampler = d.getOrDefault("Sampler", "");
        if (ver.compareTo(V160) < 0 && (sampler.equals("DDIM") || sampler.equals("PLMS"))) {
            d.put("Pad conds v0", "True");
        }
        if (ver.compareTo(V170_TSNR) < 0) {
            d.put("Downcast alphas_cumprod", "True");
        }
        String refiner = d.get("Refiner");
        if (ver.compareTo(V180) < 0 && refiner != null && !refiner.isEmpty()) {
            d.put("Refiner switch by sampling steps", "True");
        }
    }
}

package dev.sdwebui.prompt.parse;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Emphasis parsing: {@code (a)} x1.1, {@code [a]} /1.1, {@code (a:1.3)}, nesting multiplies,
 * {@code \(} escapes, {@code BREAK} markers.
 *
 * <p>Ref: A1111 prompt_parser.py {@code parse_prompt_attention} (v1.6+: whitespace allowed around
 * the number): unbalanced open brackets are closed at the end, stray closers and colons are text,
 * adjacent fragments with identical weights are merged. One deviation: A1111 raises on a weight that
 * matches its token regex but is not a float (e.g. {@code (a:1.2.3)}); we treat such a token as
 * literal text instead, so malformed prompts never throw.
 */
public final class PromptAttention {

    private static final Pattern ATTENTION = Pattern.compile(
            "\\\\\\(|\\\\\\)|\\\\\\[|\\\\]|\\\\\\\\|\\\\|\\(|\\[|:\\s*([+-]?[.\\d]+)\\s*\\)|\\)|]|[^\\\\()\\[\\]:]+|:",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern BREAK = Pattern.compile("\\s*\\bBREAK\\b\\s*",
            Pattern.DOTALL | Pattern.UNICODE_CHARACTER_CLASS);
    private static final double ROUND = 1.1;
    private static final double SQUARE = 1 / 1.1;

    private PromptAttention() {
    }

    public static List<WeightedText> parse(String text) {
        List<String> texts = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        Deque<Integer> round = new ArrayDeque<>();
        Deque<Integer> square = new ArrayDeque<>();
        Matcher m = ATTENTION.matcher(text == null ? "" : text);
        while (m.find()) {
            String tok = m.group();
            Double weight = parseWeight(m.group(1));
            if (tok.startsWith("\\")) {
                add(texts, weights, tok.substring(1));
            } else if (tok.equals("(")) {
                round.push(texts.size());
            } else if (tok.equals("[")) {
                square.push(texts.size());
            } else if (weight != null && !round.isEmpty()) {
                multiply(weights, round.pop(), weight);
            } else if (tok.equals(")") && !round.isEmpty()) {
                multiply(weights, round.pop(), ROUND);
            } else if (tok.equals("]") && !square.isEmpty()) {
                multiply(weights, square.pop(), SQUARE);
            } else {
                addWithBreaks(texts, weights, tok);
            }
        }
        // Python iterates the remaining stacks bottom-up (list order); multiplication commutes.
        for (int pos : round) {
            multiply(weights, pos, ROUND);
        }
        for (int pos : square) {
            multiply(weights, pos, SQUARE);
        }
        if (texts.isEmpty()) {
            add(texts, weights, "");
        }
        return merge(texts, weights);
    }

    private static Double parseWeight(String w) {
        if (w == null) {
            return null;
        }
        try {
            return Double.parseDouble(w);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void add(List<String> texts, List<Double> weights, String t) {
        texts.add(t);
        weights.add(1.0);
    }

    private static void addWithBreaks(List<String> texts, List<Double> weights, String tok) {
        String[] parts = BREAK.split(tok, -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                texts.add(WeightedText.BREAK.text());
                weights.add(WeightedText.BREAK.weight());
            }
            add(texts, weights, parts[i]);
        }
    }

    private static void multiply(List<Double> weights, int from, double by) {
        for (int p = from; p < weights.size(); p++) {
            weights.set(p, weights.get(p) * by);
        }
    }

    private static List<WeightedText> merge(List<String> texts, List<Double> weights) {
        List<WeightedText> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder(texts.get(0));
        double w = weights.get(0);
        for (int i = 1; i < texts.size(); i++) {
            if (weights.get(i) == w) {
                cur.append(texts.get(i));
            } else {
                out.add(new WeightedText(cur.toString(), w));
                cur = new StringBuilder(texts.get(i));
                w = weights.get(i);
            }
        }
        out.add(new WeightedText(cur.toString(), w));
        return List.copyOf(out);
    }
}

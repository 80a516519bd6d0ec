package dev.sdwebui.prompt.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recursive-descent parser for A1111's prompt-editing grammar (with backtracking), producing a
 * tree of {@link ScheduleNode}s.
 *
 * <p>Ref: A1111 prompt_parser.py {@code schedule_parser} (Lark, v1.6+):
 * <pre>
 * !start: (prompt | /[][():]/+)*
 * prompt: (emphasized | scheduled | alternate | plain | WHITESPACE)*
 * !emphasized: "(" prompt ")" | "(" prompt ":" prompt ")" | "[" prompt "]"
 * scheduled: "[" [prompt ":"] prompt ":" [WHITESPACE] NUMBER [WHITESPACE] "]"
 * alternate: "[" prompt ("|" [prompt])+ "]"
 * plain: /([^\\\[\]():|]|\\.)+/
 * </pre>
 * A bracket construct that does not parse falls back to literal text at the top level (the
 * {@code /[][():]/+} alternative); any other failure (a bare {@code |}, a trailing backslash) makes
 * the whole prompt unparseable, and A1111 then uses the prompt verbatim for every step.
 *
 * <p>Ambiguity: A1111's Lark Earley parser resolves ties between "well-formed construct" and "stray
 * bracket characters" (e.g. {@code [a:b:3])}, {@code [a:b:3]:}) through Python set order, which
 * depends on the per-process string hash seed: the same prompt is scheduled in one A1111 run and
 * taken literally in another (checked with PYTHONHASHSEED 1..8). We always take the well-formed
 * construct, which is deterministic and one of A1111's outcomes. Whenever A1111's parse is unique our
 * result equals it (fuzzed: 3,795 of 3,828 hash-stable random prompts equal; the 33 others are such
 * ties).
 */
final class ScheduleParser {

    private final String s;

    private ScheduleParser(String s) {
        this.s = s;
    }

    /** The parsed tree, or empty when A1111's parser would raise (prompt then used verbatim). */
    static Optional<ScheduleNode.Seq> parse(String prompt) {
        return new ScheduleParser(prompt).start();
    }

    private record Result<T>(T node, int end) {
    }

    private Optional<ScheduleNode.Seq> start() {
        List<ScheduleNode> items = new ArrayList<>();
        int pos = 0;
        while (pos < s.length()) {
            Result<ScheduleNode.Seq> p = prompt(pos);
            if (p.end() > pos) {
                items.add(p.node());
                pos = p.end();
            } else if ("[]():".indexOf(s.charAt(pos)) >= 0) {
                items.add(new ScheduleNode.Text(String.valueOf(s.charAt(pos))));
                pos++;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new ScheduleNode.Seq(items));
    }

    /** {@code prompt}: the longest run of items from {@code pos}; may be empty. */
    private Result<ScheduleNode.Seq> prompt(int pos) {
        List<ScheduleNode> items = new ArrayList<>();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            Result<? extends ScheduleNode> r;
            if (c == '(') {
                r = round(pos);
            } else if (c == '[') {
                r = square(pos);
            } else {
                r = plain(pos);
            }
            if (r == null) {
                break;
            }
            items.add(r.node());
            pos = r.end();
        }
        return new Result<>(new ScheduleNode.Seq(items), pos);
    }

    /** {@code plain}: characters other than {@code \[]():|}, or a backslash escape (not of a newline). */
    private Result<ScheduleNode.Text> plain(int pos) {
        int i = pos;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 < s.length() && s.charAt(i + 1) != '\n') {
                    i += 2;
                    continue;
                }
                break;
            }
            if ("[]():|".indexOf(c) >= 0) {
                break;
            }
            i++;
        }
        return i == pos ? null : new Result<>(new ScheduleNode.Text(s.substring(pos, i)), i);
    }

    /** {@code "(" prompt ")"} or {@code "(" prompt ":" prompt ")"}, kept verbatim. */
    private Result<ScheduleNode.Seq> round(int pos) {
        Result<ScheduleNode.Seq> inner = prompt(pos + 1);
        int i = inner.end();
        List<ScheduleNode> items = new ArrayList<>(List.of(new ScheduleNode.Text("("), inner.node()));
        if (at(i, ':')) {
            Result<ScheduleNode.Seq> second = prompt(i + 1);
            items.add(new ScheduleNode.Text(":"));
            items.add(second.node());
            i = second.end();
        }
        if (!at(i, ')')) {
            return null;
        }
        items.add(new ScheduleNode.Text(")"));
        return new Result<>(new ScheduleNode.Seq(items), i + 1);
    }

    /** A {@code [...]} construct: scheduled, alternate or emphasized, whichever parses. */
    private Result<? extends ScheduleNode> square(int pos) {
        Result<ScheduleNode.Seq> first = prompt(pos + 1);
        int i = first.end();
        if (at(i, ']')) {
            List<ScheduleNode> items = List.of(new ScheduleNode.Text("["), first.node(), new ScheduleNode.Text("]"));
            return new Result<>(new ScheduleNode.Seq(items), i + 1);
        }
        if (at(i, '|')) {
            return alternate(first, i);
        }
        if (!at(i, ':')) {
            return null;
        }
        Result<String> when = when(i + 1);
        if (when != null) {
            return new Result<>(new ScheduleNode.Scheduled(null, first.node(), when.node()), when.end());
        }
        Result<ScheduleNode.Seq> second = prompt(i + 1);
        int j = second.end();
        if (!at(j, ':')) {
            return null;
        }
        when = when(j + 1);
        if (when == null) {
            return null;
        }
        return new Result<>(new ScheduleNode.Scheduled(first.node(), second.node(), when.node()), when.end());
    }

    private Result<ScheduleNode.Alternate> alternate(Result<ScheduleNode.Seq> first, int bar) {
        List<ScheduleNode.Seq> options = new ArrayList<>();
        options.add(first.node());
        int i = bar;
        while (at(i, '|')) {
            Result<ScheduleNode.Seq> next = prompt(i + 1);
            options.add(next.end() == i + 1 ? null : next.node());
            i = next.end();
        }
        if (!at(i, ']')) {
            return null;
        }
        return new Result<>(new ScheduleNode.Alternate(options), i + 1);
    }

    /** {@code [WHITESPACE] NUMBER [WHITESPACE] "]"}: the number text and the index after {@code ]}. */
    private Result<String> when(int pos) {
        int i = skipSpace(pos);
        int end = NumberSyntax.signedNumberEnd(s, i);
        if (end < 0) {
            return null;
        }
        String number = s.substring(i, end);
        int j = skipSpace(end);
        return at(j, ']') ? new Result<>(number, j + 1) : null;
    }

    private int skipSpace(int i) {
        while (i < s.length() && NumberSyntax.isPythonSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private boolean at(int i, char c) {
        return i < s.length() && s.charAt(i) == c;
    }
}

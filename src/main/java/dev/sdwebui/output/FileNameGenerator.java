package dev.sdwebui.output;

import dev.sdwebui.infotext.PyFormat;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands A1111 file-name patterns such as {@code [seed]-[prompt_spaces]} or
 * {@code [datetime<%Y%m%d_%H%M%S><UTC>]}.
 * Ref: modules/images.py FilenameGenerator (v1.10): tags are case-insensitive; an unknown tag, or one
 * without a value, stays as {@code [tag]}; tags such as [batch_number] that have nothing to say also drop
 * the literal text just before them (NOTHING_AND_SKIP_PREVIOUS_TEXT).
 */
public final class FileNameGenerator {

    private static final Pattern RE_PATTERN = Pattern.compile("(.*?)(?:\\[([^\\[\\]]+)\\]|$)", Pattern.UNIX_LINES);
    private static final Pattern RE_PATTERN_ARG = Pattern.compile("(.*)<([^>]*)>$", Pattern.UNIX_LINES);
    // Ref: images.re_nonletters = [\s + string.punctuation]+
    private static final Pattern RE_NONLETTERS = Pattern.compile(
            "[\\s!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final String DEFAULT_TIME_FORMAT = "%Y%m%d%H%M%S";
    /** Marker: no value, and drop the text before the tag. */
    private static final Object SKIP = new Object();

    private final NamingContext ctx;
    private final BufferedImage image;
    private final FileNames names;
    private final Clock clock;
    private final int maxPromptWords;

    public FileNameGenerator(NamingContext ctx, BufferedImage image, FileNames names, Clock clock, int maxPromptWords) {
        this.ctx = ctx;
        this.image = image;
        this.names = names;
        this.clock = clock;
        this.maxPromptWords = maxPromptWords;
    }

    /** {@code FilenameGenerator.apply}. */
    public String apply(String pattern) {
        StringBuilder res = new StringBuilder();
        Matcher m = RE_PATTERN.matcher(pattern);
        while (m.find()) {
            String text = m.group(1);
            String tag = m.group(2);
            if (tag == null) {
                res.append(text);
                if (m.end() >= pattern.length()) {
                    break;
                }
                continue;
            }
            List<String> args = new ArrayList<>();
            Matcher a;
            while ((a = RE_PATTERN_ARG.matcher(tag)).matches()) {
                tag = a.group(1);
                args.add(0, a.group(2));
            }
            Object value = replacement(tag.toLowerCase(java.util.Locale.ROOT), args);
            if (value == SKIP) {
                continue;
            }
            if (value != null) {
                res.append(text).append(PyFormat.str(value));
                continue;
            }
            res.append(text).append('[').append(tag).append(']');
        }
        return res.toString();
    }

    private Object replacement(String tag, List<String> args) {
        return switch (tag) {
            case "seed" -> ctx.seed() == null ? "" : ctx.seed();
            case "seed_first" -> ctx.batchSize() == 1 ? ctx.seed() : first(ctx.allSeeds());
            case "seed_last" -> ctx.batchSize() == 1 ? SKIP : last(ctx.allSeeds());
            case "steps" -> ctx.steps();
            case "cfg" -> ctx.cfgScale();
            case "width" -> image.getWidth();
            case "height" -> image.getHeight();
            case "styles" -> names.sanitize(styles(), false);
            case "sampler" -> names.sanitize(ctx.sampler(), false);
            case "model_hash" -> ctx.modelHash();
            case "model_name" -> names.sanitize(ctx.modelName(), false);
            case "date" -> PyStrftime.format(now(null), "%Y-%m-%d");
            case "datetime" -> datetime(args);
            case "job_timestamp" -> ctx.jobTimestamp();
            case "prompt_hash" -> hash(ctx.prompt(), args, 8);
            case "negative_prompt_hash" -> hash(ctx.negativePrompt(), args, 8);
            case "full_prompt_hash" -> ctx.prompt() == null || ctx.negativePrompt() == null ? null
                    : hash(ctx.prompt() + " " + ctx.negativePrompt(), args, 8);
            case "prompt" -> names.sanitize(ctx.prompt(), true);
            case "prompt_no_styles" -> promptNoStyles();
            case "prompt_spaces" -> names.sanitize(ctx.prompt(), false);
            case "prompt_words" -> promptWords();
            case "batch_number" -> ctx.batchSize() == 1 ? SKIP : ctx.batchIndex() + 1;
            case "batch_size" -> ctx.batchSize();
            case "generation_number" -> ctx.nIter() == 1 && ctx.batchSize() == 1 ? SKIP
                    : ctx.iteration() * ctx.batchSize() + ctx.batchIndex() + 1;
            case "hasprompt" -> hasPrompt(args);
            case "clip_skip" -> ctx.clipSkip();
            case "denoising" -> ctx.denoisingStrength() == null || ctx.denoisingStrength() == 0 ? SKIP
                    : ctx.denoisingStrength();
            case "user" -> ctx.user();
            case "vae_filename" -> vaeFilename();
            case "none" -> "";
            case "image_hash" -> hash(rgbBytes(), args, -1);
            default -> null;
        };
    }

    private String styles() {
        List<String> real = ctx.styles().stream().filter(s -> !s.equals("None")).toList();
        return real.isEmpty() ? "None" : String.join(", ", real);
    }

    private ZonedDateTime now(String zone) {
        ZoneId id = clock.getZone();
        if (zone != null) {
            try {
                id = ZoneId.of(zone);
            } catch (RuntimeException unknownZone) {
                // pytz.UnknownTimeZoneError -> A1111 falls back to local time
            }
        }
        return ZonedDateTime.now(clock).withZoneSameInstant(id);
    }

    private String datetime(List<String> args) {
        String fmt = !args.isEmpty() && !args.get(0).isEmpty() ? args.get(0) : DEFAULT_TIME_FORMAT;
        ZonedDateTime t = now(args.size() > 1 ? args.get(1) : null);
        return names.sanitize(PyStrftime.format(t, fmt), false);
    }

    private static String hash(Object data, List<String> args, int defaultLength) {
        if (data == null) {
            return null;
        }
        byte[] bytes = data instanceof byte[] b ? b : data.toString().getBytes(StandardCharsets.UTF_8);
        try {
            String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            int length = !args.isEmpty() && !args.get(0).isEmpty() ? Integer.parseInt(args.get(0).strip())
                    : defaultLength;
            return length < 0 ? hex : hex.substring(0, Math.min(length, hex.length()));
        } catch (NoSuchAlgorithmException | NumberFormatException e) {
            return null; // A1111 reports the error and leaves the tag as written
        }
    }

    /** PIL {@code Image.tobytes()} of an RGB image: R, G, B per pixel, rows top to bottom. */
    private byte[] rgbBytes() {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        int i = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                out[i++] = (byte) (rgb >> 16);
                out[i++] = (byte) (rgb >> 8);
                out[i++] = (byte) rgb;
            }
        }
        return out;
    }

    private String promptWords() {
        List<String> words = new ArrayList<>();
        for (String w : RE_NONLETTERS.split(ctx.prompt() == null ? "" : ctx.prompt())) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        if (words.isEmpty()) {
            words.add("empty");
        }
        return names.sanitize(String.join(" ", words.subList(0, Math.min(maxPromptWords, words.size()))), false);
    }

    private String promptNoStyles() {
        if (ctx.prompt() == null) {
            return null;
        }
        String p = ctx.prompt();
        for (String style : ctx.stylePrompts()) {
            if (style.isEmpty()) {
                continue;
            }
            for (String part : style.split("\\{prompt\\}", -1)) {
                p = stripCommas(p.replace(part, "").replace(", ,", ",").strip());
            }
            p = stripCommas(p.replace(style, "").strip()).strip();
        }
        return names.sanitize(p, false);
    }

    private static String stripCommas(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == ',') {
            a++;
        }
        while (b > a && s.charAt(b - 1) == ',') {
            b--;
        }
        return s.substring(a, b);
    }

    private String hasPrompt(List<String> args) {
        if (ctx.prompt() == null) {
            return null;
        }
        String lower = ctx.prompt().toLowerCase(java.util.Locale.ROOT);
        StringBuilder out = new StringBuilder();
        for (String arg : args) {
            if (arg.isEmpty()) {
                continue;
            }
            String[] division = arg.split("\\|", -1);
            String expected = division[0].toLowerCase(java.util.Locale.ROOT);
            String dflt = division.length > 1 ? division[1] : "";
            if (lower.contains(expected)) {
                out.append(expected);
            } else {
                out.append(dflt);
            }
        }
        return names.sanitize(out.toString(), true);
    }

    private String vaeFilename() {
        if (ctx.vaeFilename() == null) {
            return "NoneType";
        }
        String name = java.nio.file.Path.of(ctx.vaeFilename()).getFileName().toString();
        String[] parts = name.split("\\.", -1);
        return parts.length > 1 && parts[0].isEmpty() ? parts[1] : parts[0];
    }

    private static Object first(List<Long> l) {
        return l.isEmpty() ? null : l.get(0);
    }

    private static Object last(List<Long> l) {
        return l.isEmpty() ? null : l.get(l.size() - 1);
    }
}

package dev.sdwebui.output;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Saves generated images the way A1111 names and stores them.
 * Ref: modules/images.py save_image (v1.10): folder = outdir (+ directories_filename_pattern when
 * save_to_dirs), name = {@code NNNNN-<samples_filename_pattern>.ext} (pattern default "[seed]" with
 * save_to_dirs, "[seed]-[prompt_spaces]" without; grids "grid-NNNN"), written to "name.tmp" in the same
 * folder and renamed, so a reader never sees a half-written image; .txt sidecar when save_txt.
 *
 * <p>Differences, on purpose: a failed write removes its .tmp file (A1111 leaves it); the file name
 * is cut to 255 UTF-8 bytes (A1111 cuts characters and fails on long CJK names); a pattern that would
 * leave the output folder (".." or an absolute path) is refused.
 */
public final class ImageSaver {

    private static final int MAX_NAME_BYTES = 255;
    private static final int JPEG_MAX_SIDE = 65535;

    private final Path dataDir;
    private final Clock clock;
    private final ImageEncoder encoder;
    private final Object lock = new Object();

    public ImageSaver(Path dataDir, Clock clock) {
        this(dataDir, clock, new MetadataImageEncoder());
    }

    public ImageSaver(Path dataDir, Clock clock, ImageEncoder encoder) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock);
        this.encoder = Objects.requireNonNull(encoder);
    }

    /** Saves one image; throws {@link UncheckedIOException} with the path when the disk refuses. */
    public SavedImage save(SaveRequest req, OutputSettings settings) {
        FileNames names = new FileNames(settings.filenamesMaxLength(), settings.unixFilenamesSanitization());
        FileNameGenerator gen = new FileNameGenerator(req.naming(), req.image(), names, clock,
                settings.directoriesMaxPromptWords());
        ImageFormat format = format(req, settings);
        Path base = dataDir.resolve(settings.outdir(req.kind(), req.grid())).normalize();
        Path dir = base;
        if (req.grid() ? settings.gridSaveToDirs() : settings.saveToDirs()) {
            String pattern = settings.directoriesFilenamePattern().isEmpty() ? "[prompt_words]"
                    : settings.directoriesFilenamePattern();
            dir = inside(base, base.resolve(stripDirName(gen.apply(pattern))));
        }
        synchronized (lock) {
            try {
                Files.createDirectories(dir);
                Path target = inside(base, dir.resolve(fileName(req, settings, gen, dir, format)));
                boolean replace = settings.saveImagesReplaceAction().equals("Replace");
                Path image = writeAtomically(target, replace, out -> encoder.encode(req.image(), format,
                        pngText(req, settings), settings.enablePnginfo() ? req.infotext() : null,
                        settings.jpegQuality(), out));
                exportLargeAsJpeg(image, req, settings, replace);
                Path txt = null;
                if (settings.saveTxt() && req.infotext() != null) {
                    txt = sibling(image, ".txt");
                    writeAtomically(txt, true, out -> out.write((req.infotext() + "\n").getBytes(StandardCharsets.UTF_8)));
                }
                return new SavedImage(image, txt);
            } catch (IOException e) {
                throw new UncheckedIOException("could not save image in " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Writes {@code params.txt} in the data folder: the first image's infotext of the latest job, which
     * the UI's paste button reads when the prompt is empty. Ref: process_images_inner (skipped by
     * --no-prompt-history, which the caller decides).
     */
    public Path writeLastParameters(String infotext) {
        Path file = dataDir.resolve("params.txt");
        synchronized (lock) {
            try {
                Files.createDirectories(dataDir);
                return writeAtomically(file, true, out -> out.write(infotext.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The content of {@code params.txt}, or empty when there is none yet. */
    public java.util.Optional<String> readLastParameters() {
        Path file = dataDir.resolve("params.txt");
        try {
            return Files.exists(file) ? java.util.Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                    : java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Ref: save_image "export_for_4chan": an image over target_side_length or a file over
     * img_downscale_threshold MB also gets a JPEG copy with the same stem, scaled to fit. A1111 scales
     * with Lanczos; we use bicubic (javax has no Lanczos), so that copy's pixels differ slightly.
     */
    private static void exportLargeAsJpeg(Path saved, SaveRequest req, OutputSettings s, boolean replace)
            throws IOException {
        BufferedImage img = req.image();
        int target = s.targetSideLength();
        boolean oversize = img.getWidth() > target || img.getHeight() > target;
        if (!s.exportForFourChan() || !(oversize || Files.size(saved) > s.imgDownscaleThreshold() * 1024 * 1024)) {
            return;
        }
        if (oversize) {
            double ratio = (double) img.getWidth() / img.getHeight();
            int w = ratio > 1 ? target : (int) Math.rint((double) img.getWidth() * target / img.getHeight());
            int h = ratio > 1 ? (int) Math.rint((double) img.getHeight() * target / img.getWidth()) : target;
            img = scale(img, Math.max(1, w), Math.max(1, h));
        }
        BufferedImage copy = img;
        writeAtomically(sibling(saved, ".jpg"), replace, out -> new MetadataImageEncoder().encode(copy,
                ImageFormat.JPEG, Map.of(), s.enablePnginfo() ? req.infotext() : null, s.jpegQuality(), out));
    }

    private static BufferedImage scale(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static ImageFormat format(SaveRequest req, OutputSettings s) {
        ImageFormat f = req.format() != null ? req.format() : req.grid() ? s.gridImageFormat() : s.samplesImageFormat();
        // Ref: save_image: JPEG cannot hold sides over 65535 pixels; A1111 switches to PNG.
        if (f == ImageFormat.JPEG && (req.image().getWidth() > JPEG_MAX_SIDE || req.image().getHeight() > JPEG_MAX_SIDE)) {
            return ImageFormat.PNG;
        }
        return f;
    }

    private static String stripDirName(String d) {
        int a = 0;
        while (a < d.length() && d.charAt(a) == ' ') {
            a++;
        }
        int b = d.length();
        while (b > a && "\\ /".indexOf(d.charAt(b - 1)) >= 0) {
            b--;
        }
        return d.substring(a, b);
    }

    private static String fileName(SaveRequest req, OutputSettings s, FileNameGenerator gen, Path dir, ImageFormat f) {
        String ext = "." + f.extension();
        if (req.forcedFilename() != null) {
            return truncate(req.forcedFilename(), ext) + ext;
        }
        String basename = req.grid() ? "grid" : "";
        boolean shortName = (req.grid() && !s.gridExtendedFilename()) || req.naming().seed() == null;
        String decoration = "";
        if (!shortName) {
            String pattern = !s.samplesFilenamePattern().isEmpty() ? s.samplesFilenamePattern()
                    : s.saveToDirs() ? "[seed]" : "[seed]-[prompt_spaces]";
            decoration = gen.apply(pattern);
        }
        decoration += req.suffix();
        boolean addNumber = s.saveImagesAddNumber() || decoration.isEmpty();
        if (!addNumber) {
            return truncate(decoration, ext) + ext;
        }
        String tail = decoration.isEmpty() ? "" : "-" + decoration;
        int count = FileNames.nextSequenceNumber(dir, basename);
        String name = null;
        for (int i = 0; i < 500; i++) {
            String fn = basename.isEmpty() ? String.format("%05d", count + i) : String.format("%s-%04d", basename, count + i);
            name = truncate(fn + tail, ext) + ext;
            if (!Files.exists(dir.resolve(name))) {
                break;
            }
        }
        return name;
    }

    /** Keeps the name within the file system's 255-byte limit, leaving room for the extension or ".tmp". */
    static String truncate(String name, String ext) {
        int limit = MAX_NAME_BYTES - Math.max(4, ext.getBytes(StandardCharsets.UTF_8).length);
        if (name.getBytes(StandardCharsets.UTF_8).length <= limit) {
            return name;
        }
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > limit) {
                break;
            }
            b.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    private static Map<String, String> pngText(SaveRequest req, OutputSettings s) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!s.enablePnginfo()) {
            return m;
        }
        m.putAll(req.existingInfo());
        if (req.infotext() != null) {
            m.put("parameters", req.infotext());
        }
        return m;
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Writes "name.tmp" next to the target, then renames it into place; nothing is left on failure. */
    private static Path writeAtomically(Path target, boolean replace, Body body) throws IOException {
        Path tmp = sibling(target, ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            Path dest = target;
            if (!replace) {
                String[] parts = FileNames.splitext(target.getFileName().toString());
                for (int n = 1; Files.exists(dest); n++) {
                    dest = target.resolveSibling(parts[0] + "-" + n + parts[1]);
                }
            }
            try {
                Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING);
            }
            return dest;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static Path sibling(Path file, String newExt) {
        String[] parts = FileNames.splitext(file.getFileName().toString());
        return file.resolveSibling(parts[0] + newExt);
    }

    private static Path inside(Path base, Path p) {
        Path n = p.toAbsolutePath().normalize();
        if (!n.startsWith(base)) {
            throw new IllegalArgumentException("the file name pattern leads outside the output folder " + base + ": " + p);
        }
        return n;
    }
}

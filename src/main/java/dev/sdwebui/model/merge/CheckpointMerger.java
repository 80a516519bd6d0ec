package dev.sdwebui.model.merge;

import dev.sdwebui.model.io.SafetensorsWriter;
import dev.sdwebui.model.io.TensorFile;
import dev.sdwebui.model.io.WeightsFormatException;
import dev.sdwebui.model.registry.CheckpointInfo;
import dev.sdwebui.model.registry.HashCache;
import dev.sdwebui.model.registry.ModelDownloader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A1111's Checkpoint Merger ({@code modules/extras.py run_modelmerger}) as a streaming job: the inputs are
 * read through {@link TensorFile} in chunks of {@value #CHUNK} elements and each output tensor is written as
 * soon as it is computed, so memory stays at about one tensor whatever the size or number of the inputs.
 * The result is written as {@code <name>.safetensors.tmp} and renamed when complete (a model loaded from
 * an older file of the same name keeps its mapping of the old file). Output: safetensors only.
 */
public final class CheckpointMerger {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointMerger.class);
    static final int CHUNK = 1 << 20;

    private final Path outputDir;
    private final HashCache hashCache;
    private final boolean hashing;

    /**
     * @param outputDir --ckpt-dir if given, else models/Stable-diffusion (A1111: {@code cmd_opts.ckpt_dir or model_path})
     * @param hashCache cache.json: inputs' sha256 for the recipe, the result's sha256 recorded
     * @param hashing   false with --no-hashing (inputs without a known sha256 are then recorded as null)
     */
    public CheckpointMerger(Path outputDir, HashCache hashCache, boolean hashing) {
        this.outputDir = outputDir;
        this.hashCache = hashCache;
        this.hashing = hashing;
    }

    /** Runs the merge; a {@link MergeException} message is for the user (A1111's "Failed: ..." texts). */
    public synchronized MergeResult merge(MergeSpec s) throws MergeException, IOException {
        validate(s);
        Pattern discard = discardPattern(s.discardWeights());
        try (TensorFile a = open(s.primary());
             TensorFile b = s.secondary() == null ? null : open(s.secondary());
             TensorFile c = s.tertiary() == null ? null : open(s.tertiary())) {
            MergePlan.Planned plan = MergePlan.plan(a, b, c, s.method(), s.multiplier(), s.saveAsHalf(), discard);
            String fileName = fileName(s, plan);
            Path target = outputDir.resolve(fileName);
            Map<String, String> meta = MergeMetadata.build(s, input(s.primary(), a), input(s.secondary(), b),
                    input(s.tertiary(), c), plan.inpainting(), plan.pix2pix());
            LOG.info("Merging {} ({}, M={}) to {}", s.primary().name(), s.method().label(), s.multiplier(), target);
            Files.createDirectories(outputDir);
            Path tmp = target.resolveSibling(fileName + ".tmp");
            write(tmp, plan, meta);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            String sha = ModelDownloader.sha256(target);
            hashCache.put("checkpoint/" + fileName, target, sha);
            copyConfig(s, target);
            LOG.info("Checkpoint saved to {}.", target);
            return new MergeResult(target, fileName, sha, "Checkpoint saved to " + target);
        }
    }

    private static void validate(MergeSpec s) throws MergeException {
        if (s.primary() == null) {
            throw new MergeException("Failed: Merging requires a primary model.");
        }
        if (s.method().needsSecondary() && s.secondary() == null) {
            throw new MergeException("Failed: Merging requires a secondary model.");
        }
        if (s.method().needsTertiary() && s.tertiary() == null) {
            throw new MergeException("Failed: Interpolation method (" + s.method().label()
                    + ") requires a tertiary model.");
        }
        String n = s.customName();
        if (n.contains("/") || n.contains("\\") || n.equals(".") || n.equals("..") || n.indexOf('\0') >= 0) {
            throw new MergeException("custom_name must be a file name without folders: " + n);
        }
    }

    private static Pattern discardPattern(String regex) throws MergeException {
        if (regex.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new MergeException("discard_weights is not a valid regular expression: " + e.getDescription());
        }
    }

    private static TensorFile open(CheckpointInfo info) throws MergeException, IOException {
        try {
            return TensorFile.open(info.filename());
        } catch (WeightsFormatException e) {
            throw new MergeException("Cannot merge " + info.name() + ": " + e.getMessage());
        }
    }

    private MergeMetadata.Input input(CheckpointInfo info, TensorFile f) throws IOException {
        if (info == null) {
            return null;
        }
        String sha = info.sha256() != null || !hashing ? info.sha256() : hashCache.sha256(info.cacheKey(), info.filename());
        return new MergeMetadata.Input(info, sha, f.metadata());
    }

    /** A1111: "0.7(a) + 0.3(b)", "a + 0.3(b - c)" or "a", then ".inpainting"/".instruct-pix2pix", ".safetensors". */
    static String fileName(MergeSpec s, MergePlan.Planned plan) {
        String name;
        if (!s.customName().isEmpty()) {
            name = s.customName();
        } else if (s.method() == MergeMethod.WEIGHTED_SUM) {
            name = round2(1 - s.multiplier()) + "(" + s.primary().modelName() + ") + " + round2(s.multiplier())
                    + "(" + s.secondary().modelName() + ")";
        } else if (s.method() == MergeMethod.ADD_DIFFERENCE) {
            name = s.primary().modelName() + " + " + round2(s.multiplier()) + "(" + s.secondary().modelName()
                    + " - " + s.tertiary().modelName() + ")";
        } else {
            name = s.primary().modelName();
        }
        name += plan.inpainting() ? ".inpainting" : "";
        name += plan.pix2pix() ? ".instruct-pix2pix" : "";
        return name + ".safetensors";
    }

    /** Python {@code round(x, 2)} printed as repr. */
    static String round2(double x) {
        return PyJson.repr(new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).doubleValue());
    }

    private static void write(Path file, MergePlan.Planned plan, Map<String, String> meta) throws IOException {
        List<SafetensorsWriter.TensorSpec> specs = new ArrayList<>();
        plan.tensors().forEach((k, x) -> specs.add(new SafetensorsWriter.TensorSpec(k, x.dtype(), plan.shapes().get(k))));
        double[] buf = new double[CHUNK];
        try {
            SafetensorsWriter.write(file, specs, meta, (spec, out) -> fill(plan.tensors().get(spec.name()), spec, out, buf));
        } catch (UncheckedIOException e) {
            Files.deleteIfExists(file);
            throw e.getCause();
        }
    }

    private static void fill(TensorExpr x, SafetensorsWriter.TensorSpec spec, ByteBuffer out, double[] buf) {
        long total = spec.numel();
        try {
            for (long from = 0; from < total; from += CHUNK) {
                int n = (int) Math.min(CHUNK, total - from);
                x.eval(from, n, buf);
                for (int i = 0; i < n; i++) {
                    DTypeMath.encode(spec.dtype(), buf[i], out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A1111 create_config: copies the chosen input's .yaml beside the result (0 A/B/C, 1 B, 2 C, 3 none). */
    private static void copyConfig(MergeSpec s, Path target) throws IOException {
        Path cfg = switch (s.configSource()) {
            case 0 -> firstConfig(s.primary(), s.secondary(), s.tertiary());
            case 1 -> firstConfig(s.secondary());
            case 2 -> firstConfig(s.tertiary());
            default -> null;
        };
        if (cfg != null) {
            String stem = target.getFileName().toString().replaceAll("\\.safetensors$", "");
            Files.copy(cfg, target.resolveSibling(stem + ".yaml"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path firstConfig(CheckpointInfo... infos) {
        for (CheckpointInfo i : infos) {
            if (i != null && i.config() != null) {
                return i.config();
            }
        }
        return null;
    }
}

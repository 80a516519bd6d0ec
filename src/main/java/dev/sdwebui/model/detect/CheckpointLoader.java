package dev.sdwebui.model.detect;

import ai.djl.ndarray.NDManager;
import dev.sdwebui.model.io.ReadOptions;
import dev.sdwebui.model.io.StateDict;
import dev.sdwebui.model.io.WeightsFormatException;
import dev.sdwebui.model.io.WeightsReader;
import dev.sdwebui.model.keys.KeyPlan;
import dev.sdwebui.model.keys.LdmKeys;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a checkpoint the way the rest of the engine wants it: the family is detected from the header or
 * pickle first (no tensor data read), unsupported families are refused before any weight is loaded,
 * then the tensors are read and exposed under canonical keys.
 */
public final class CheckpointLoader {

    private CheckpointLoader() {
    }

    /** Detects without loading: shapes from the header/pickle, keys normalised, yaml beside the file. */
    public static ModelDetection detect(Path file, ReadOptions options) throws WeightsFormatException {
        SortedMap<String, long[]> raw = WeightsReader.shapes(file, options);
        return ModelDetector.detect(canonicalShapes(raw, LdmKeys.plan(raw.keySet())), ModelDetector.yamlBeside(file));
    }

    /**
     * @throws UnsupportedModelException for readable checkpoints of a family this version cannot run
     * @throws WeightsFormatException    for unreadable, corrupt or refused files
     */
    public static LoadedCheckpoint load(Path file, NDManager parent, ReadOptions options)
            throws WeightsFormatException, UnsupportedModelException {
        SortedMap<String, long[]> shapes = WeightsReader.shapes(file, options);
        KeyPlan plan = LdmKeys.plan(shapes.keySet());
        ModelDetection detection = ModelDetector.detect(canonicalShapes(shapes, plan), ModelDetector.yamlBeside(file));
        if (!detection.family().runnable()) {
            throw new UnsupportedModelException(file, detection);
        }
        StateDict raw = WeightsReader.read(file, parent, options);
        try {
            return new LoadedCheckpoint(file, raw, raw.rekeyed(plan.newToOld()), detection, plan);
        } catch (RuntimeException ex) {
            raw.close();
            throw ex;
        }
    }

    private static Map<String, long[]> canonicalShapes(Map<String, long[]> raw, KeyPlan plan) {
        Map<String, long[]> out = new TreeMap<>();
        plan.newToOld().forEach((canonical, old) -> out.put(canonical, raw.get(old)));
        return out;
    }
}

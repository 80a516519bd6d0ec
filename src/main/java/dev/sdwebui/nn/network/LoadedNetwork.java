package dev.sdwebui.nn.network;

import dev.sdwebui.model.io.StateDict;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network file matched against one model: its modules by A1111 layer key, the file keys that matched
 * nothing (skipped, as A1111 does with a debug log), and the tensors (closed with {@link #close()}).
 *
 * @param name the network's name (file stem)
 */
public record LoadedNetwork(String name, Path file, long mtime, Map<String, NetworkModule> modules,
                            List<String> keysFailedToMatch, StateDict tensors) implements AutoCloseable {

    public LoadedNetwork {
        modules = Collections.unmodifiableMap(new LinkedHashMap<>(modules));
        keysFailedToMatch = List.copyOf(keysFailedToMatch);
    }

    /** Number of model modules this network changes. */
    public int moduleCount() {
        return modules.size();
    }

    /** The A1111 class names of the module types present ("NetworkModuleLora", ...), sorted. */
    public List<String> moduleTypes() {
        return modules.values().stream().map(m -> "NetworkModule" + m.getClass().getSimpleName()
                .replace("Module", "").replace("Glora", "GLora").replace("Oft", "OFT")).distinct().sorted().toList();
    }

    @Override
    public void close() {
        tensors.close();
    }
}

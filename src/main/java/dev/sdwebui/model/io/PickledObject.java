package dev.sdwebui.model.io;

import java.util.List;

/**
 * An object of a class the restricted unpickler does not model, inside the tree of
 * {@link WeightsReader#readObject}: an allowed container such as {@code torch.nn.modules.container.ParameterDict},
 * or, only with {@link ReadOptions#allowUnsafePickle()}, any unknown class. Nothing was constructed or run:
 * it is the class name with the constructor arguments and the {@code BUILD} state (an nn.Module's
 * {@code __dict__}, e.g. {@code {'_parameters': {...}, ...}}), both converted like the rest of the tree.
 * A bare reference to an allowed global ({@code torch.float32}) has no arguments and a null state; a
 * numpy dtype is {@code numpy.dtype} with its descriptor as the only argument.
 *
 * @param type  the qualified class name, {@code module.name}
 * @param args  the constructor (REDUCE/NEWOBJ) arguments
 * @param state the BUILD state, or null
 */
public record PickledObject(String type, List<Object> args, Object state) {

    public PickledObject {
        if (type == null || args == null) {
            throw new IllegalArgumentException("type and args are required");
        }
    }
}

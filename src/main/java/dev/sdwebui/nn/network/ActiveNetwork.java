package dev.sdwebui.nn.network;

import java.util.Objects;

/** A loaded network with the strengths one job asked for. */
public record ActiveNetwork(LoadedNetwork network, Multipliers multipliers) {
    public ActiveNetwork {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(multipliers, "multipliers");
    }
}

package dev.sdwebui.pipeline;

import dev.sdwebui.nn.network.Multipliers;
import dev.sdwebui.prompt.parse.ExtraNetworkParams;

/**
 * {@code <lora:NAME:TE:UNET:DYN>} arguments: te = positional 1 (default 1.0), then named {@code te=};
 * unet = positional 2 (default: te), then {@code unet=}; dyn = positional 3 / {@code dyn=}.
 * Ref: A1111 extra_networks_lora.py {@code activate}.
 */
final class LoraArgs {

    private LoraArgs() {
    }

    /** @throws NumberFormatException for a multiplier that is not a number (A1111: ValueError) */
    static Multipliers of(ExtraNetworkParams p) {
        var pos = p.positional();
        if (pos.isEmpty()) {
            throw new IllegalArgumentException("no network name in " + p.items());
        }
        double te = pos.size() > 1 ? pyFloat(pos.get(1)) : 1.0;
        te = p.named().containsKey("te") ? pyFloat(p.named().get("te")) : te;
        double unet = pos.size() > 2 ? pyFloat(pos.get(2)) : te;
        unet = p.named().containsKey("unet") ? pyFloat(p.named().get("unet")) : unet;
        Integer dyn = pos.size() > 3 ? Integer.valueOf(pos.get(3).strip()) : null;
        dyn = p.named().containsKey("dyn") ? Integer.valueOf(p.named().get("dyn").strip()) : dyn;
        return new Multipliers(te, unet, dyn);
    }

    /** Python float(): surrounding whitespace allowed, "inf"/"nan" accepted, hex/suffixes refused. */
    static double pyFloat(String s) {
        String t = s.strip();
        if (t.matches("(?i)[+-]?(inf|infinity)")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (t.matches("(?i)[+-]?nan")) {
            return Double.NaN;
        }
        if (!t.matches("[+-]?(\\d[\\d_]*\\.?[\\d_]*|\\.\\d[\\d_]*)([eE][+-]?\\d+)?")) {
            throw new NumberFormatException("could not convert string to float: '" + s + "'");
        }
        return Double.parseDouble(t.replace("_", ""));
    }
}

package dev.sdwebui.prompt.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments of one {@code <name:arg1:arg2:k=v>} tag: all items, the positional ones, and the
 * {@code key=value} ones. Ref: A1111 extra_networks.py {@code ExtraNetworkParams}
 * ({@code item.split('=', 2)}: exactly one {@code =} makes a named item).
 */
public record ExtraNetworkParams(List<String> items, List<String> positional, Map<String, String> named) {

    public ExtraNetworkParams {
        items = List.copyOf(items);
        positional = List.copyOf(positional);
        named = Map.copyOf(named);
    }

    public static ExtraNetworkParams of(List<String> items) {
        List<String> positional = new ArrayList<>();
        Map<String, String> named = new LinkedHashMap<>();
        for (String item : items) {
            String[] parts = item.split("=", 3);
            if (parts.length == 2) {
                named.put(parts[0], parts[1]);
            } else {
                positional.add(item);
            }
        }
        return new ExtraNetworkParams(items, positional, named);
    }
}

package dev.sdwebui.prompt.parse;

import java.util.List;

/**
 * Result of splitting prompts on {@code AND}: per input prompt the list of (flat index, weight),
 * and the de-duplicated flat list of sub-prompt texts.
 * Ref: A1111 prompt_parser.py {@code get_multicond_prompt_list} (res_indexes, prompt_flat_list).
 */
public record MultiCondPrompts(List<List<WeightedIndex>> indexes, List<String> flat) {
    public MultiCondPrompts {
        indexes = indexes.stream().map(List::copyOf).toList();
        flat = List.copyOf(flat);
    }
}

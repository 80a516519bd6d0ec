package dev.sdwebui.prompt.token;

import java.util.ArrayList;
import java.util.List;

/**
 * The BPE merge loop: repeatedly merge the adjacent pair with the lowest merge rank.
 *
 * <p>Ref: openai/CLIP simple_tokenizer.py {@code SimpleTokenizer.bpe}: every occurrence of the
 * best-ranked pair is merged in one left-to-right pass, then ranks are recomputed.
 */
final class Bpe {

    private Bpe() {
    }

    static List<String> merge(List<String> symbols, BpeVocabulary vocab) {
        List<String> word = new ArrayList<>(symbols);
        while (word.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String first = null;
            String second = null;
            for (int i = 0; i + 1 < word.size(); i++) {
                int r = vocab.rank(word.get(i), word.get(i + 1));
                if (r < bestRank) {
                    bestRank = r;
                    first = word.get(i);
                    second = word.get(i + 1);
                }
            }
            if (first == null) {
                break;
            }
            word = mergeAll(word, first, second);
        }
        return word;
    }

    private static List<String> mergeAll(List<String> word, String first, String second) {
        List<String> out = new ArrayList<>(word.size());
        int i = 0;
        while (i < word.size()) {
            if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                out.add(first + second);
                i += 2;
            } else {
                out.add(word.get(i));
                i++;
            }
        }
        return out;
    }
}

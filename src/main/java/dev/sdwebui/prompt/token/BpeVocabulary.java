package dev.sdwebui.prompt.token;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The CLIP BPE vocabulary (token string to id) and merge ranks, loaded from one of the standard
 * layouts. Immutable once built.
 *
 * <p>Ref: openai/CLIP simple_tokenizer.py {@code SimpleTokenizer.__init__}: the vocabulary is derived
 * from the merges list: the 256 byte-level characters, the same with {@code </w>}, one entry per
 * merge (first 48894 merges), then {@code <|startoftext|>} and {@code <|endoftext|>} (49408 total).
 */
public final class BpeVocabulary {

    /** Number of merges CLIP uses from {@code bpe_simple_vocab_16e6.txt.gz}: 49152 - 256 - 2. */
    static final int CLIP_MERGES = 49152 - 256 - 2;
    /** Resource path of the bundled merges list (MIT, OpenAI; licence beside it). */
    public static final String BUNDLED_MERGES = "/clip/bpe_simple_vocab_16e6.txt.gz";

    private final Map<String, Integer> encoder;
    private final Map<String, Integer> mergeRanks;

    private BpeVocabulary(Map<String, Integer> encoder, Map<String, Integer> mergeRanks) {
        this.encoder = Map.copyOf(encoder);
        this.mergeRanks = Map.copyOf(mergeRanks);
    }

    /** The bundled CLIP merges list from the jar: works offline out of the box. */
    public static BpeVocabulary bundled() {
        try (InputStream in = BpeVocabulary.class.getResourceAsStream(BUNDLED_MERGES)) {
            if (in == null) {
                throw new IllegalStateException("bundled CLIP merges missing from the classpath: " + BUNDLED_MERGES);
            }
            return fromMergesGz(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled CLIP merges", e);
        }
    }

    /** Folder (under the models dir) where a user may put a Hugging Face CLIP tokenizer. */
    public static final String MODELS_SUBDIR = "tokenizers/clip-vit-large-patch14";

    /**
     * The tokenizer for a models folder: {@code <modelsDir>/tokenizers/clip-vit-large-patch14/} when
     * it exists (vocab.json + merges.txt, or the gz), else the bundled merges list.
     */
    public static BpeVocabulary forModelsDir(Path modelsDir) throws IOException {
        Path dir = modelsDir == null ? null : modelsDir.resolve(MODELS_SUBDIR);
        if (dir != null && Files.isDirectory(dir)) {
            return load(dir);
        }
        return bundled();
    }

    /**
     * Loads a tokenizer from a file or folder: a {@code .txt.gz} merges list, or a folder holding
     * {@code vocab.json} + {@code merges.txt} (Hugging Face layout, e.g.
     * {@code models/tokenizers/clip-vit-large-patch14/}) or a {@code bpe_simple_vocab_16e6.txt.gz}.
     */
    public static BpeVocabulary load(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path vocab = path.resolve("vocab.json");
            Path merges = path.resolve("merges.txt");
            if (Files.isRegularFile(vocab) && Files.isRegularFile(merges)) {
                return fromHuggingFace(vocab, merges);
            }
            Path gz = path.resolve("bpe_simple_vocab_16e6.txt.gz");
            if (Files.isRegularFile(gz)) {
                return load(gz);
            }
            throw new IOException("no tokenizer in " + path + ": expected vocab.json + merges.txt or "
                    + "bpe_simple_vocab_16e6.txt.gz");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return fromMergesGz(in);
        }
    }

    /** Builds the CLIP vocabulary from the gzip merges list ({@code bpe_simple_vocab_16e6.txt.gz}). */
    public static BpeVocabulary fromMergesGz(InputStream gz) throws IOException {
        List<String[]> merges = readMerges(new GZIPInputStream(gz), CLIP_MERGES);
        if (merges.size() < CLIP_MERGES) {
            throw new IOException("merges list too short: " + merges.size() + " < " + CLIP_MERGES);
        }
        Map<String, Integer> enc = new HashMap<>();
        List<String> byteChars = ByteUnicode.orderedChars();
        for (String c : byteChars) {
            enc.put(c, enc.size());
        }
        for (String c : byteChars) {
            enc.put(c + "</w>", enc.size());
        }
        for (String[] m : merges) {
            enc.put(m[0] + m[1], enc.size());
        }
        enc.put(ClipTokenizer.START_TEXT, enc.size());
        enc.put(ClipTokenizer.END_TEXT, enc.size());
        return new BpeVocabulary(enc, ranks(merges));
    }

    /** Hugging Face layout: {@code vocab.json} (token to id) and {@code merges.txt}. */
    public static BpeVocabulary fromHuggingFace(Path vocabJson, Path mergesTxt) throws IOException {
        Map<String, Integer> enc = new ObjectMapper().readValue(vocabJson.toFile(),
                new TypeReference<Map<String, Integer>>() { });
        List<String[]> merges;
        try (InputStream in = Files.newInputStream(mergesTxt)) {
            merges = readMerges(in, Integer.MAX_VALUE);
        }
        return new BpeVocabulary(enc, ranks(merges));
    }

    private static List<String[]> readMerges(InputStream in, int limit) throws IOException {
        List<String[]> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        // The first line is a version header in both layouts ("#version: 0.2", or in the gz
        // "bpe_simple_vocab_16e6.txt#version: 0.2"); CLIP skips it (lines[1:]).
        String line = r.readLine();
        if (line != null && !line.contains("#version")) {
            addMerge(out, line);
        }
        while (out.size() < limit && (line = r.readLine()) != null) {
            addMerge(out, line);
        }
        return out;
    }

    private static void addMerge(List<String[]> out, String line) throws IOException {
        if (line.isBlank()) {
            return;
        }
        String[] parts = line.split(" ");
        if (parts.length != 2) {
            throw new IOException("bad merges line " + (out.size() + 2) + ": '" + line + "'");
        }
        out.add(parts);
    }

    private static Map<String, Integer> ranks(List<String[]> merges) {
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < merges.size(); i++) {
            ranks.putIfAbsent(pairKey(merges.get(i)[0], merges.get(i)[1]), i);
        }
        return ranks;
    }

    static String pairKey(String a, String b) {
        return a + ' ' + b;
    }

    /** Rank of merging {@code a} and {@code b}, or {@link Integer#MAX_VALUE} when not a merge. */
    int rank(String a, String b) {
        return mergeRanks.getOrDefault(pairKey(a, b), Integer.MAX_VALUE);
    }

    /** Token id of a BPE token string, or -1. */
    public int id(String token) {
        return encoder.getOrDefault(token, -1);
    }

    public int size() {
        return encoder.size();
    }

    /** A read-only view of the token-to-id map (e.g. to find {@code ,</w>}). */
    public Map<String, Integer> tokens() {
        return encoder;
    }
}

package dev.sdwebui.device;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Prints the attention benchmark's rows as the seed's markdown table. Not a test. */
final class BenchTable {

    private BenchTable() {
    }

    static void print(Path out, String[] labels, String size, int[] batches, String machine) throws Exception {
        byte[] ref = read(out.resolve("none"));
        String bs = java.util.Arrays.stream(batches).mapToObj(String::valueOf).reduce((x, y) -> x + "/" + y).orElse("");
        System.out.printf("SD 1.5-shaped random checkpoint, %s, %s%n%n", size, machine);
        System.out.printf("| cross-attention | peak RSS GB at batch %s | it/s at batch 1 | peak it/s (x batch) | max pixel diff vs none (mean) | note |%n", bs);
        System.out.println("|---|---|---|---|---|---|");
        for (String label : labels) {
            Path rowFile = out.resolve(AttentionBenchmark.fileName(label) + ".row");
            if (!Files.exists(rowFile)) {
                System.out.printf("| %s | (not run) | | | | |%n", label);
                continue;
            }
            Map<String, String> cells = new HashMap<>();
            for (String c : Files.readString(rowFile).trim().split(" ")) {
                String[] kv = c.split("=", 2);
                cells.put(kv[0], kv[1]);
            }
            StringBuilder mem = new StringBuilder();
            double first = Double.NaN;
            double best = 0;
            for (int b : batches) {
                String v = cells.getOrDefault(String.valueOf(b), "-");
                if (mem.length() > 0) {
                    mem.append(" / ");
                }
                if (v.contains("/")) {
                    String[] p = v.split("/");
                    double its = Double.parseDouble(p[1]) * b; // image-steps per second, as the seed's table
                    mem.append(String.format(Locale.ROOT, "%.2f", Double.parseDouble(p[0])));
                    first = Double.isNaN(first) ? its : first;
                    best = Math.max(best, its);
                } else {
                    mem.append(v);
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f | %s | after load %s GB; %s unit moves |%n", label, mem,
                    first, best, diff(ref, read(out.resolve(AttentionBenchmark.fileName(label)))),
                    cells.getOrDefault("base", "?"), cells.getOrDefault("moves", "0"));
        }
    }

    private static byte[] read(Path p) throws Exception {
        return Files.exists(p) ? Files.readAllBytes(p) : null;
    }

    private static String diff(byte[] ref, byte[] img) {
        if (ref == null || img == null || ref.length != img.length) {
            return "-";
        }
        int max = 0;
        long sum = 0;
        for (int i = 0; i < ref.length; i++) {
            int d = Math.abs((ref[i] & 0xff) - (img[i] & 0xff));
            max = Math.max(max, d);
            sum += d;
        }
        return String.format(Locale.ROOT, "%d (%.3f)", max, (double) sum / ref.length);
    }
}

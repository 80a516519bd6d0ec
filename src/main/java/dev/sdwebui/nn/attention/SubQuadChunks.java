package dev.sdwebui.nn.attention;

/**
 * The sub-quadratic attention's chunk settings (A1111 flags).
 *
 * @param queryChunkSize        {@code --sub-quad-q-chunk-size} (A1111 default 1024)
 * @param kvChunkSize           {@code --sub-quad-kv-chunk-size}; null: sqrt(key tokens)
 * @param chunkThresholdPercent {@code --sub-quad-chunk-threshold}, % of free memory above which to
 *                              chunk; null: 70%; 0: always chunk
 */
public record SubQuadChunks(int queryChunkSize, Integer kvChunkSize, Integer chunkThresholdPercent) {
    public SubQuadChunks {
        if (queryChunkSize < 1) {
            throw new IllegalArgumentException("--sub-quad-q-chunk-size must be at least 1, got " + queryChunkSize);
        }
        if (kvChunkSize != null && kvChunkSize < 1) {
            throw new IllegalArgumentException("--sub-quad-kv-chunk-size must be at least 1, got " + kvChunkSize);
        }
        if (chunkThresholdPercent != null && (chunkThresholdPercent < 0 || chunkThresholdPercent > 100)) {
            throw new IllegalArgumentException("--sub-quad-chunk-threshold must be 0..100 (%), got " + chunkThresholdPercent);
        }
    }

    public static SubQuadChunks defaults() {
        return new SubQuadChunks(1024, null, null);
    }
}

package dev.sdwebui.pipeline;

/**
 * Where a job's time went, summed over its iterations (logged per job; the benchmark reports it).
 *
 * @param modelLoadMs  loading the checkpoint for this job (0 when it was already loaded)
 * @param textMs       prompt parsing + CLIP text encoding
 * @param samplingMs   noise + the sampler loop (all UNet calls)
 * @param decodeMs     VAE decode + 8-bit conversion
 * @param outputMs     infotext, saving files, grid
 */
public record PhaseTimings(long modelLoadMs, long textMs, long samplingMs, long decodeMs, long outputMs) {

    public static final PhaseTimings ZERO = new PhaseTimings(0, 0, 0, 0, 0);

    PhaseTimings plus(PhaseTimings o) {
        return new PhaseTimings(modelLoadMs + o.modelLoadMs, textMs + o.textMs, samplingMs + o.samplingMs,
                decodeMs + o.decodeMs, outputMs + o.outputMs);
    }

    @Override
    public String toString() {
        return "text encoding " + textMs + " ms, sampling " + samplingMs + " ms, VAE decode " + decodeMs
                + " ms, output " + outputMs + " ms" + (modelLoadMs > 0 ? ", model load " + modelLoadMs + " ms" : "");
    }
}

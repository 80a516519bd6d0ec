package dev.sdwebui.sampling.sampler;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sdwebui.sampling.denoise.CancellationToken;
import dev.sdwebui.sampling.denoise.Denoiser;
import java.util.List;

/**
 * Everything a sampler needs besides the denoiser, the latent and the sigmas: where tensors live,
 * the noise streams, A1111's sampler options (eta, s_churn, s_tmin, s_tmax, s_noise), progress and
 * cancellation. Mutable bookkeeping (denoiser calls, last x0) is per run: one context per run.
 */
public final class SamplerContext {

    private final NDManager manager;
    private final NoiseSource noise;
    private final List<Long> imageSeeds;
    private final double eta;
    private final double sChurn;
    private final double sTmin;
    private final double sTmax;
    private final double sNoise;
    private final StepCallback callback;
    private final CancellationToken cancel;
    private int denoiserCalls;
    private Latent lastDenoised;

    private SamplerContext(Builder b) {
        this.manager = b.manager;
        this.noise = b.noise;
        this.imageSeeds = List.copyOf(b.imageSeeds);
        this.eta = b.eta;
        this.sChurn = b.sChurn;
        this.sTmin = b.sTmin;
        this.sTmax = b.sTmax;
        this.sNoise = b.sNoise;
        this.callback = b.callback;
        this.cancel = b.cancel;
    }

    public static Builder builder(NDManager manager) {
        return new Builder(manager);
    }

    public NDManager manager() {
        return manager;
    }

    /** eta, or {@code fallback} (the sampler's default) when unset. */
    public double etaOr(double fallback) {
        return Double.isNaN(eta) ? fallback : eta;
    }

    public double sChurn() {
        return sChurn;
    }

    public double sTmin() {
        return sTmin;
    }

    public double sTmax() {
        return sTmax;
    }

    public double sNoise() {
        return sNoise;
    }

    public CancellationToken cancel() {
        return cancel;
    }

    /** Per-image seeds for the Brownian-tree noise of the SDE samplers (A1111 current_iter_seeds). */
    public List<Long> imageSeeds() {
        return imageSeeds;
    }

    public int denoiserCalls() {
        return denoiserCalls;
    }

    /** The x0 prediction of the latest step (what an interrupt returns, as A1111's last_latent). */
    public Latent lastDenoised() {
        return lastDenoised;
    }

    /** One denoiser call on a heap latent; counts the call. */
    public Latent denoise(Denoiser d, Latent x, double sigma) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray in = x.toNDArray(scope);
            NDArray out = d.denoise(in, sigma);
            out.attach(scope);
            denoiserCalls++;
            return Latent.of(out);
        }
    }

    /** Whether a seeded noise source is present. */
    public boolean hasNoise() {
        return noise != null;
    }

    /** {@code torch.randn_like(x)} from the images' generators. */
    public Latent randnLike(Latent x) {
        if (noise == null) {
            throw new IllegalStateException("this sampler needs a noise source (seeded generator)");
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray n = noise.next(scope);
            if (n.getShape().size() != x.size()) {
                throw new IllegalStateException("noise shape " + n.getShape() + " does not match latent " + x.shape());
            }
            return Latent.of(n.toFloatArray(), x.shape());
        }
    }

    /** Reports a step to the callback and remembers its x0. */
    public void report(int step, int total, double sigma, Latent x, Latent denoised) {
        lastDenoised = denoised;
        callback.onStep(step, total, sigma, x, denoised);
    }

    /** Fluent construction; defaults are k-diffusion's (s_tmax = inf, s_noise = 1, eta = sampler default). */
    public static final class Builder {
        private final NDManager manager;
        private NoiseSource noise;
        private List<Long> imageSeeds = List.of();
        private double eta = Double.NaN;
        private double sChurn;
        private double sTmin;
        private double sTmax = Double.POSITIVE_INFINITY;
        private double sNoise = 1.0;
        private StepCallback callback = StepCallback.none();
        private CancellationToken cancel = new CancellationToken();

        private Builder(NDManager manager) {
            this.manager = manager;
        }

        public Builder noise(NoiseSource n) {
            this.noise = n;
            return this;
        }

        public Builder imageSeeds(List<Long> seeds) {
            this.imageSeeds = seeds;
            return this;
        }

        /**
         * A1111 eta: for A1111 parity always pass it ({@code p.eta} or setting {@code eta_ancestral},
         * default 1.0, for every k-diffusion sampler that has an eta, DPM fast/adaptive included;
         * {@code eta_ddim}, default 0, for DDIM). NaN = k-diffusion's own default (1 for ancestral
         * and SDE samplers, 0 for DPM fast/adaptive and DDIM).
         */
        public Builder eta(double e) {
            this.eta = e;
            return this;
        }

        public Builder churn(double churn, double tmin, double tmax) {
            if (churn < 0 || tmin < 0 || tmax < 0) {
                throw new IllegalArgumentException("s_churn, s_tmin and s_tmax must not be negative");
            }
            this.sChurn = churn;
            this.sTmin = tmin;
            this.sTmax = tmax;
            return this;
        }

        /** A1111 passes s_noise only to the samplers listed in its sampler_extra_params. */
        public Builder sNoise(double n) {
            this.sNoise = n;
            return this;
        }

        public Builder callback(StepCallback c) {
            this.callback = c;
            return this;
        }

        public Builder cancel(CancellationToken c) {
            this.cancel = c;
            return this;
        }

        public SamplerContext build() {
            return new SamplerContext(this);
        }
    }
}

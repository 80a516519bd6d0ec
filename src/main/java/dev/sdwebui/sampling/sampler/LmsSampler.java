package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.Denoiser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * "LMS": linear multistep (order 4) over the last derivatives, coefficients = integrals of the
 * Lagrange basis over [sigma_i, sigma_{i+1}]. Ref: k-diffusion sample_lms / linear_multistep_coeff.
 */
public final class LmsSampler extends Sampler {

    private static final int ORDER = 4;

    @Override
    public Latent run(Denoiser d, Latent x, double[] sigmas, SamplerContext ctx) {
        int n = sigmas.length - 1;
        Deque<Latent> ds = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            Latent denoised = ctx.denoise(d, x, sigmas[i]);
            ds.addLast(Latent.toD(x, sigmas[i], denoised));
            if (ds.size() > ORDER) {
                ds.removeFirst();
            }
            ctx.report(i, n, sigmas[i], x, denoised);
            int order = Math.min(i + 1, ORDER);
            List<Double> coeffs = new ArrayList<>();
            for (int j = 0; j < order; j++) {
                coeffs.add(LmsCoefficients.coefficient(order, sigmas, i, j));
            }
            // x + sum(coeff_j * d_j) with d_0 the newest; torch adds the products left to right.
            Iterator<Latent> newestFirst = ds.descendingIterator();
            Latent acc = null;
            for (double c : coeffs) {
                Latent term = newestFirst.next().times(c);
                acc = acc == null ? term : acc.plus(term);
            }
            x = x.plus(acc);
        }
        return x;
    }
}

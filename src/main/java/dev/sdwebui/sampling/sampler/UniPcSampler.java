package dev.sdwebui.sampling.sampler;

import dev.sdwebui.sampling.denoise.EpsModel;
import java.util.ArrayList;
import java.util.List;

/**
 * "UniPC" (Zhao et al. 2023), multistep predictor-corrector in data-prediction mode, variants bh1/bh2
 * (A1111 settings uni_pc_variant, uni_pc_skip_type, uni_pc_order, uni_pc_lower_order_final; defaults
 * bh1, time_uniform, 3, true). Ref: A1111 modules/models/diffusion/uni_pc (multistep_uni_pc_bh_update)
 * and sd_samplers_timesteps_impl.unipc. The "vary_coeff" variant is not implemented.
 */
public final class UniPcSampler extends TimestepSampler {

    private final String variant;
    private final String skipType;
    private final int order;
    private final boolean lowerOrderFinal;
    private final boolean img2img;

    public UniPcSampler() {
        this("bh1", "time_uniform", 3, true, false);
    }

    public UniPcSampler(String variant, String skipType, int order, boolean lowerOrderFinal, boolean img2img) {
        if (!variant.equals("bh1") && !variant.equals("bh2")) {
            throw new IllegalArgumentException("UniPC variant must be bh1 or bh2 (vary_coeff is not supported): " + variant);
        }
        if (!List.of("time_uniform", "time_quadratic", "logSNR").contains(skipType)) {
            throw new IllegalArgumentException("UniPC skip type must be time_uniform, time_quadratic or logSNR");
        }
        if (order < 1) {
            throw new IllegalArgumentException("UniPC order must be at least 1");
        }
        this.variant = variant;
        this.skipType = skipType;
        this.order = order;
        this.lowerOrderFinal = lowerOrderFinal;
        this.img2img = img2img;
    }

    @Override
    public Latent run(EpsModel model, Latent x, int[] timesteps, float[] ac, SamplerContext ctx) {
        NoiseScheduleVp ns = new NoiseScheduleVp(ac);
        int steps = timesteps.length;
        int ord = Math.max(1, Math.min(order, steps));
        double tT = img2img ? timesteps[steps - 1] / 1000.0 + 1 / 1000.0 : 1.0;
        double t0 = 1.0 / ns.totalN();
        double[] ts = timeSteps(ns, tT, t0, steps);
        Step stepper = new Step(model, ns, ctx, variant);
        List<Latent> models = new ArrayList<>();
        List<Double> tPrev = new ArrayList<>();
        models.add(stepper.dataPrediction(x, ts[0]));
        tPrev.add(ts[0]);
        int reported = 0;
        for (int init = 1; init < ord; init++) {
            Latent[] r = stepper.update(x, models, tPrev, ts[init], init, true);
            x = r[0];
            Latent mx = r[1] != null ? r[1] : stepper.dataPrediction(x, ts[init]);
            ctx.report(reported++, steps, 0, x, mx);
            models.add(mx);
            tPrev.add(ts[init]);
        }
        for (int step = ord; step <= steps; step++) {
            int stepOrder = lowerOrderFinal ? Math.min(ord, steps + 1 - step) : ord;
            boolean corrector = step != steps;
            Latent[] r = stepper.update(x, models, tPrev, ts[step], stepOrder, corrector);
            x = r[0];
            ctx.report(reported++, steps, 0, x, r[1] != null ? r[1] : x);
            models.remove(0);
            tPrev.remove(0);
            tPrev.add(ts[step]);
            models.add(step < steps ? (r[1] != null ? r[1] : stepper.dataPrediction(x, ts[step])) : null);
        }
        return x;
    }

    private double[] timeSteps(NoiseScheduleVp ns, double tT, double t0, int n) {
        double[] out = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            double f = (double) i / n;
            switch (skipType) {
                case "logSNR" -> out[i] = ns.inverseLambda(ns.lambda(tT) + f * (ns.lambda(t0) - ns.lambda(tT)));
                case "time_quadratic" -> {
                    double a = Math.sqrt(tT) + f * (Math.sqrt(t0) - Math.sqrt(tT));
                    out[i] = a * a;
                }
                default -> out[i] = tT + f * (t0 - tT);
            }
        }
        return out;
    }

    /** One predictor(-corrector) update, uni_pc multistep_uni_pc_bh_update with predict_x0. */
    private static final class Step {
        private final EpsModel model;
        private final NoiseScheduleVp ns;
        private final SamplerContext ctx;
        private final boolean bh2;

        Step(EpsModel model, NoiseScheduleVp ns, SamplerContext ctx, String variant) {
            this.model = model;
            this.ns = ns;
            this.ctx = ctx;
            this.bh2 = variant.equals("bh2");
        }

        /** x0 = (x - sigma_t eps) / alpha_t with eps at the model time (t - 1/N) * 1000. */
        Latent dataPrediction(Latent x, double t) {
            double tInput = (t - 1.0 / ns.totalN()) * 1000.0;
            Latent eps = eps(model, x, tInput, ctx);
            return x.combine(1 / ns.alpha(t), eps, -ns.std(t) / ns.alpha(t));
        }

        Latent[] update(Latent x, List<Latent> prev, List<Double> tPrev, double t, int order, boolean corrector) {
            int last = prev.size() - 1;
            double tPrev0 = tPrev.get(last);
            Latent m0 = prev.get(last);
            double lambdaPrev0 = ns.lambda(tPrev0);
            double h = ns.lambda(t) - lambdaPrev0;
            double sigmaPrev0 = ns.std(tPrev0);
            double sigmaT = ns.std(t);
            double alphaT = ns.alpha(t);
            double[] rks = new double[order];
            List<Latent> d1s = new ArrayList<>();
            for (int i = 1; i < order; i++) {
                double rk = (ns.lambda(tPrev.get(last - i)) - lambdaPrev0) / h;
                rks[i - 1] = rk;
                d1s.add(prev.get(last - i).minus(m0).times(1 / rk));
            }
            rks[order - 1] = 1;
            double hh = -h;
            double hPhi1 = Math.expm1(hh);
            double hPhiK = hPhi1 / hh - 1;
            double factorial = 1;
            double bH = bh2 ? Math.expm1(hh) : hh;
            double[][] r = new double[order][order];
            double[] b = new double[order];
            for (int i = 1; i <= order; i++) {
                for (int k = 0; k < order; k++) {
                    r[i - 1][k] = Math.pow(rks[k], i - 1);
                }
                b[i - 1] = hPhiK * factorial / bH;
                factorial *= i + 1;
                hPhiK = hPhiK / hh - 1 / factorial;
            }
            Latent xt0 = x.combine(sigmaT / sigmaPrev0, m0, -alphaT * hPhi1);
            Latent xt = xt0;
            if (!d1s.isEmpty()) {
                double[] rhosP = order == 2 ? new double[] {0.5} : solve(r, b, order - 1);
                xt = xt0.plus(weighted(rhosP, d1s), -alphaT * bH);
            }
            if (!corrector) {
                return new Latent[] {xt, null};
            }
            double[] rhosC = order == 1 ? new double[] {0.5} : solve(r, b, order);
            Latent mt = dataPrediction(xt, t);
            Latent corr = mt.minus(m0).times(rhosC[order - 1]);
            if (!d1s.isEmpty()) {
                corr = weighted(java.util.Arrays.copyOf(rhosC, order - 1), d1s).plus(corr);
            }
            return new Latent[] {xt0.plus(corr, -alphaT * bH), mt};
        }

        private static Latent weighted(double[] w, List<Latent> ds) {
            Latent acc = ds.get(0).times(w[0]);
            for (int k = 1; k < w.length; k++) {
                acc = acc.plus(ds.get(k), w[k]);
            }
            return acc;
        }

        /** Solves the leading n x n system R x = b by Gaussian elimination with partial pivoting. */
        static double[] solve(double[][] r, double[] b, int n) {
            double[][] a = new double[n][n + 1];
            for (int i = 0; i < n; i++) {
                System.arraycopy(r[i], 0, a[i], 0, n);
                a[i][n] = b[i];
            }
            for (int c = 0; c < n; c++) {
                int p = c;
                for (int i = c + 1; i < n; i++) {
                    if (Math.abs(a[i][c]) > Math.abs(a[p][c])) {
                        p = i;
                    }
                }
                double[] tmp = a[c];
                a[c] = a[p];
                a[p] = tmp;
                for (int i = c + 1; i < n; i++) {
                    double f = a[i][c] / a[c][c];
                    for (int k = c; k <= n; k++) {
                        a[i][k] -= f * a[c][k];
                    }
                }
            }
            double[] x = new double[n];
            for (int i = n - 1; i >= 0; i--) {
                double s = a[i][n];
                for (int k = i + 1; k < n; k++) {
                    s -= a[i][k] * x[k];
                }
                x[i] = s / a[i][i];
            }
            return x;
        }
    }
}

package dev.sdwebui.model.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The diffusion schedule buffers an LDM checkpoint carries, computed like
 * CompVis ldm/models/diffusion/ddpm.py {@code DDPM.register_schedule} with the "linear" beta schedule of
 * ldm/modules/diffusionmodules/util.py {@code make_beta_schedule}: betas = linspace(sqrt(0.00085),
 * sqrt(0.012), 1000)^2 in float64, v_posterior = 0, then stored as float32.
 */
public final class ScheduleBuffers {

    /** The 12 buffer names, in registration order. */
    public static final List<String> NAMES = List.of("betas", "alphas_cumprod", "alphas_cumprod_prev",
            "sqrt_alphas_cumprod", "sqrt_one_minus_alphas_cumprod", "log_one_minus_alphas_cumprod",
            "sqrt_recip_alphas_cumprod", "sqrt_recipm1_alphas_cumprod", "posterior_variance",
            "posterior_log_variance_clipped", "posterior_mean_coef1", "posterior_mean_coef2");

    private ScheduleBuffers() {
    }

    /** Buffer name -> 1000 float64 values (SD 1.x: linear 0.00085..0.012, 1000 steps). */
    public static Map<String, double[]> sd1() {
        return linear(0.00085, 0.012, 1000);
    }

    public static Map<String, double[]> linear(double start, double end, int n) {
        double[] betas = new double[n];
        double a = Math.sqrt(start);
        double b = Math.sqrt(end);
        for (int i = 0; i < n; i++) {
            // torch.linspace: start + i * step, mirrored from the end for the upper half
            double step = (b - a) / (n - 1);
            double v = i < n / 2 ? a + step * i : b - step * (n - 1 - i);
            betas[i] = v * v;
        }
        double[] ac = new double[n];
        double[] prev = new double[n];
        double cum = 1;
        for (int i = 0; i < n; i++) {
            prev[i] = cum;
            cum *= 1 - betas[i];
            ac[i] = cum;
        }
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("betas", betas);
        m.put("alphas_cumprod", ac);
        m.put("alphas_cumprod_prev", prev);
        m.put("sqrt_alphas_cumprod", map(ac, Math::sqrt));
        m.put("sqrt_one_minus_alphas_cumprod", map(ac, x -> Math.sqrt(1 - x)));
        m.put("log_one_minus_alphas_cumprod", map(ac, x -> Math.log(1 - x)));
        m.put("sqrt_recip_alphas_cumprod", map(ac, x -> Math.sqrt(1 / x)));
        m.put("sqrt_recipm1_alphas_cumprod", map(ac, x -> Math.sqrt(1 / x - 1)));
        double[] pv = new double[n];
        double[] c1 = new double[n];
        double[] c2 = new double[n];
        for (int i = 0; i < n; i++) {
            pv[i] = betas[i] * (1 - prev[i]) / (1 - ac[i]);
            c1[i] = betas[i] * Math.sqrt(prev[i]) / (1 - ac[i]);
            c2[i] = (1 - prev[i]) * Math.sqrt(1 - betas[i]) / (1 - ac[i]);
        }
        m.put("posterior_variance", pv);
        m.put("posterior_log_variance_clipped", map(pv, x -> Math.log(Math.max(x, 1e-20))));
        m.put("posterior_mean_coef1", c1);
        m.put("posterior_mean_coef2", c2);
        return m;
    }

    private static double[] map(double[] x, java.util.function.DoubleUnaryOperator f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
        return y;
    }
}

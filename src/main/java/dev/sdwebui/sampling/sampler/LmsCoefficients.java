package dev.sdwebui.sampling.sampler;

/**
 * LMS coefficients: integral over [t_i, t_{i+1}] of the j-th Lagrange basis polynomial through
 * t_i, t_{i-1}, ..., t_{i-order+1}. k-diffusion uses {@code scipy.integrate.quad}; here adaptive
 * Simpson with Richardson correction to 1e-12 (exact for these polynomials of degree <= 3 anyway,
 * Simpson being exact up to cubics).
 */
final class LmsCoefficients {

    private LmsCoefficients() {
    }

    static double coefficient(int order, double[] t, int i, int j) {
        if (order - 1 > i) {
            throw new IllegalArgumentException("Order " + order + " too high for step " + i);
        }
        java.util.function.DoubleUnaryOperator basis = tau -> {
            double prod = 1;
            for (int k = 0; k < order; k++) {
                if (k != j) {
                    prod *= (tau - t[i - k]) / (t[i - j] - t[i - k]);
                }
            }
            return prod;
        };
        return integrate(basis, t[i], t[i + 1], 1e-12);
    }

    /** Adaptive Simpson quadrature of f over [a, b] (b < a allowed: the integral changes sign). */
    static double integrate(java.util.function.DoubleUnaryOperator f, double a, double b, double tol) {
        double fa = f.applyAsDouble(a);
        double fb = f.applyAsDouble(b);
        double m = 0.5 * (a + b);
        double fm = f.applyAsDouble(m);
        double whole = (b - a) / 6 * (fa + 4 * fm + fb);
        return simpson(f, a, b, fa, fm, fb, whole, tol, 50);
    }

    private static double simpson(java.util.function.DoubleUnaryOperator f, double a, double b, double fa, double fm,
                                  double fb, double whole, double tol, int depth) {
        double m = 0.5 * (a + b);
        double lm = 0.5 * (a + m);
        double rm = 0.5 * (m + b);
        double flm = f.applyAsDouble(lm);
        double frm = f.applyAsDouble(rm);
        double left = (m - a) / 6 * (fa + 4 * flm + fm);
        double right = (b - m) / 6 * (fm + 4 * frm + fb);
        double delta = left + right - whole;
        if (depth <= 0 || Math.abs(delta) <= 15 * tol) {
            return left + right + delta / 15;
        }
        return simpson(f, a, m, fa, flm, fm, left, tol / 2, depth - 1)
                + simpson(f, m, b, fm, frm, fb, right, tol / 2, depth - 1);
    }
}

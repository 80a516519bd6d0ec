package dev.sdwebui.infotext;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Python's {@code str()} for the values A1111 puts into infotext and file names, so that
 * {@code CFG scale: 7.0}, {@code True} and {@code 1e-05} come out exactly as CPython prints them.
 * Ref: CPython {@code float_repr_style='short'}: shortest round-trip digits, fixed notation when the
 * decimal exponent is in [-4, 16), otherwise {@code d.ddde+XX}.
 */
public final class PyFormat {

    private PyFormat() {
    }

    /** {@code str(value)}; {@code null} gives {@code "None"}. */
    public static String str(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Double d) {
            return floatRepr(d);
        }
        if (value instanceof Float f) {
            // A Java float widened to double keeps its binary value, as numpy float32 -> python float does.
            return floatRepr(f.doubleValue());
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PyFormat::repr).collect(Collectors.joining(", ", "[", "]"));
        }
        return value.toString();
    }

    private static String repr(Object value) {
        if (value instanceof String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        return str(value);
    }

    /** CPython {@code repr(float)}. */
    public static String floatRepr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = shortest(Math.abs(v));
        String digits = bd.unscaledValue().toString();
        int decpt = digits.length() - bd.scale(); // value = 0.digits * 10^decpt
        String sign = v < 0 ? "-" : "";
        if (decpt > -4 && decpt <= 16) {
            return sign + fixed(digits, decpt);
        }
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int exp = decpt - 1;
        String e = String.format("%02d", Math.abs(exp));
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + e;
    }

    /**
     * The fewest significant digits that read back as the same double, correctly rounded (what CPython's
     * dtoa mode 0 produces). Double.toString is not shortest before JDK 19 (e.g. 8.6761384225033075E17).
     */
    private static BigDecimal shortest(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p < 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == v) {
                return r.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    private static String fixed(String digits, int decpt) {
        if (decpt <= 0) {
            return "0." + "0".repeat(-decpt) + digits;
        }
        if (decpt >= digits.length()) {
            return digits + "0".repeat(decpt - digits.length()) + ".0";
        }
        return digits.substring(0, decpt) + "." + digits.substring(decpt);
    }

    /** Python {@code str.isspace()} for one code point. */
    public static boolean isPySpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x20) || cp == 0x85 || cp == 0xa0
                || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029
                || cp == 0x202f || cp == 0x205f || cp == 0x3000;
    }

    /** Python {@code str.strip()} (no argument): Unicode whitespace as Python defines it. */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isPySpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isPySpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }
}

package dev.sdwebui.model.merge;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * JSON text as Python's {@code json.dumps} writes it (separators ", " and ": ", non-ASCII escaped, floats
 * in repr form), so merge metadata reads the same as A1111's. Values: Map, List, String, Boolean, Integer,
 * Long, Double, Gson JsonElement, null.
 */
final class PyJson {

    private PyJson() {
    }

    static String dumps(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    /** json.loads of a metadata string starting with '{' (A1111 read_metadata_from_safetensors), else the string. */
    static Object parseIfObject(String s) {
        if (s == null || !s.startsWith("{")) {
            return s;
        }
        try {
            return JsonParser.parseString(s);
        } catch (RuntimeException e) {
            return s;
        }
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Integer || v instanceof Long) {
            sb.append(v);
        } else if (v instanceof Double d) {
            sb.append(repr(d));
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : ", ");
                first = false;
                write(sb, e.getKey() == null ? "null" : e.getKey().toString());
                sb.append(": ");
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ", ");
                write(sb, l.get(i));
            }
            sb.append(']');
        } else if (v instanceof JsonElement j) {
            element(sb, j);
        } else {
            throw new IllegalArgumentException("not JSON: " + v.getClass());
        }
    }

    private static void element(StringBuilder sb, JsonElement j) {
        if (j.isJsonNull()) {
            sb.append("null");
        } else if (j.isJsonObject()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            j.getAsJsonObject().entrySet().forEach(e -> m.put(e.getKey(), e.getValue()));
            write(sb, m);
        } else if (j.isJsonArray()) {
            List<Object> l = new java.util.ArrayList<>();
            j.getAsJsonArray().forEach(l::add);
            write(sb, l);
        } else if (j.getAsJsonPrimitive().isString()) {
            string(sb, j.getAsString());
        } else if (j.getAsJsonPrimitive().isBoolean()) {
            sb.append(j.getAsBoolean());
        } else {
            String n = j.getAsJsonPrimitive().getAsString();
            sb.append(n.contains(".") || n.contains("e") || n.contains("E") ? repr(Double.parseDouble(n)) : n);
        }
    }

    /** Python float repr: shortest round-trip digits, "1.0" for whole numbers, "1e-05" style exponents. */
    static String repr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = b.precision() - b.scale() - 1; // decimal exponent of the first digit
        if (exp < -4 || exp >= 16) {
            String digits = b.unscaledValue().abs().toString();
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        String plain = b.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (ch < 0x20 || ch > 0x7f) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
    }
}

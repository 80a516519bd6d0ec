package dev.sdwebui.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.sdwebui.infotext.PyFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scalar coercion of A1111's request models, as pydantic v1 (FastAPI) does it, so that what A1111
 * accepts is accepted here. Ref: pydantic v1 {@code validators.py}:
 * <ul>
 * <li>{@code int_validator}: {@code int(v)}: true/false -> 1/0, 20.7 -> 20 (truncated), " 20 " -> 20;
 *     "20.0", "abc", lists -> "value is not a valid integer"</li>
 * <li>{@code float_validator}: {@code float(v)}: true -> 1.0, "1.5", "1e3", "inf", "nan"</li>
 * <li>{@code bool_validator}: true/false, 0/1, and (case-insensitive) "0 off f false n no" /
 *     "1 on t true y yes"; anything else -> "value could not be parsed to a boolean"</li>
 * <li>{@code str_validator}: strings, and numbers as Python's {@code str()} ({@code 5 -> "5"},
 *     {@code 1.5 -> "1.5"}, {@code true -> "True"}); lists and objects -> "str type expected"</li>
 * </ul>
 * JSON null stays null, which the request records read as "use the default".
 */
final class PydanticCoercion {

    private static final Pattern PY_INT = Pattern.compile("[+-]?\\d+(_\\d+)*");
    private static final Pattern PY_FLOAT = Pattern.compile(
            "[+-]?((\\d+(_\\d+)*(\\.(\\d+(_\\d+)*)?)?|\\.\\d+(_\\d+)*)(e[+-]?\\d+(_\\d+)*)?|inf|infinity|nan)");
    private static final Set<String> TRUE = Set.of("1", "on", "t", "true", "y", "yes");
    private static final Set<String> FALSE = Set.of("0", "off", "f", "false", "n", "no");

    private PydanticCoercion() {
    }

    /** A Jackson module with the four scalar deserializers (boxed and primitive). */
    static SimpleModule module() {
        SimpleModule m = new SimpleModule("pydantic-v1-coercion");
        JsonDeserializer<Integer> ints = deserializer(PydanticCoercion::toInt);
        JsonDeserializer<Long> longs = deserializer(PydanticCoercion::toLong);
        JsonDeserializer<Double> doubles = deserializer(PydanticCoercion::toDouble);
        JsonDeserializer<Boolean> bools = deserializer(PydanticCoercion::toBool);
        m.addDeserializer(Integer.class, ints);
        m.addDeserializer(int.class, ints);
        m.addDeserializer(Long.class, longs);
        m.addDeserializer(long.class, longs);
        m.addDeserializer(Double.class, doubles);
        m.addDeserializer(double.class, doubles);
        m.addDeserializer(Boolean.class, bools);
        m.addDeserializer(boolean.class, bools);
        m.addDeserializer(String.class, deserializer(PydanticCoercion::toStr));
        return m;
    }

    /** A pydantic v1 error of one field: {@code msg} and {@code type} as pydantic writes them. */
    static final class TypeError extends JsonMappingException {
        private final String type;

        TypeError(JsonParser p, String msg, String type) {
            super(p, msg);
            this.type = type;
        }

        String type() {
            return type;
        }
    }

    private interface Coercer<T> {
        T coerce(JsonParser p) throws IOException;
    }

    private static <T> JsonDeserializer<T> deserializer(Coercer<T> c) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return c.coerce(p);
            }

            @Override
            public T getNullValue(DeserializationContext ctxt) {
                return null;
            }
        };
    }

    static Long toLong(JsonParser p) throws IOException {
        BigInteger v = integer(p);
        if (v.bitLength() > 63) {
            throw new TypeError(p, "ensure this value fits in a 64-bit integer", "value_error.number.not_le");
        }
        return v.longValue();
    }

    static Integer toInt(JsonParser p) throws IOException {
        BigInteger v = integer(p);
        if (v.bitLength() > 31) {
            throw new TypeError(p, "ensure this value fits in a 32-bit integer", "value_error.number.not_le");
        }
        return v.intValue();
    }

    /** Python {@code int(v)} of a JSON value. */
    private static BigInteger integer(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NUMBER_INT:
                return p.getBigIntegerValue();
            case VALUE_NUMBER_FLOAT:
                double d = p.getDoubleValue();
                if (Double.isFinite(d)) {
                    return new BigDecimal(d).toBigInteger(); // truncation toward zero, as int(20.7)
                }
                break;
            case VALUE_TRUE:
                return BigInteger.ONE;
            case VALUE_FALSE:
                return BigInteger.ZERO;
            case VALUE_STRING:
                String s = PyFormat.strip(p.getText());
                if (PY_INT.matcher(s).matches()) {
                    return new BigInteger(s.replace("_", "").replace("+", ""));
                }
                break;
            default:
                break;
        }
        throw new TypeError(p, "value is not a valid integer", "type_error.integer");
    }

    /** Python {@code float(v)} of a JSON value. */
    static Double toDouble(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return 1.0;
            case VALUE_FALSE:
                return 0.0;
            case VALUE_STRING:
                String s = PyFormat.strip(p.getText()).toLowerCase(Locale.ROOT);
                if (PY_FLOAT.matcher(s).matches()) {
                    return parseFloat(s);
                }
                break;
            default:
                break;
        }
        throw new TypeError(p, "value is not a valid float", "type_error.float");
    }

    private static double parseFloat(String s) {
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        boolean negative = s.startsWith("-");
        if (body.startsWith("inf")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (body.equals("nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(s.replace("_", ""));
    }

    /** pydantic v1 {@code bool_validator}. */
    static Boolean toBool(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
                return false;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                double d = p.getDoubleValue(); // Python: 1.0 == 1 is in BOOL_TRUE
                if (d == 1) {
                    return true;
                }
                if (d == 0) {
                    return false;
                }
                break;
            case VALUE_STRING:
                String s = p.getText().toLowerCase(Locale.ROOT);
                if (TRUE.contains(s)) {
                    return true;
                }
                if (FALSE.contains(s)) {
                    return false;
                }
                break;
            default:
                break;
        }
        throw new TypeError(p, "value could not be parsed to a boolean", "type_error.bool");
    }

    /** pydantic v1 {@code str_validator}: numbers become Python's {@code str()} of them. */
    static String toStr(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getBigIntegerValue().toString();
            case VALUE_NUMBER_FLOAT:
                return PyFormat.floatRepr(p.getDoubleValue());
            case VALUE_TRUE:
                return "True"; // bool is an int subclass in Python: str(True)
            case VALUE_FALSE:
                return "False";
            default:
                throw new TypeError(p, "str type expected", "type_error.str");
        }
    }
}

package dev.sdwebui.model.io;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A restricted pickle virtual machine for torch.save's {@code data.pkl} (protocols 2 to 4, plus the few
 * protocol-0/1 container opcodes torch still emits). Ref: CPython Lib/pickle.py (opcode table and
 * {@code _Unpickler.load_*}) and Lib/pickletools.py (opcode documentation).
 *
 * <p>Safety: there is no code path that runs anything. GLOBAL/STACK_GLOBAL go through
 * {@link PickleGlobals#resolve}, which refuses anything outside the allow-list; REDUCE/NEWOBJ build inert
 * Java data. Malformed input (stack underflow, bad memo index, truncated data) becomes a
 * {@link WeightsFormatException}.
 */
final class PickleMachine {

    private static final Object MARK = new Object();

    private final Path file;
    private final PickleGlobals globals;
    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    PickleMachine(Path file, PickleGlobals globals, ByteBuffer data) {
        this.file = file;
        this.globals = globals;
        this.in = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Runs to STOP and returns the unpickled object. */
    Object load() throws WeightsFormatException {
        try {
            while (true) {
                int op = in.get() & 0xff;
                if (op == '.') {
                    return pop();
                }
                if (!stackOp(op) && !constantOp(op) && !containerOp(op) && !objectOp(op)) {
                    throw malformed(String.format("unsupported opcode 0x%02x at offset %d", op, in.position() - 1));
                }
            }
        } catch (java.nio.BufferUnderflowException ex) {
            throw malformed("the pickle ends before its STOP opcode (truncated)");
        } catch (IndexOutOfBoundsException | ClassCastException | ArithmeticException | NullPointerException
                 | IllegalArgumentException ex) {
            throw malformed("inconsistent pickle stream at offset " + in.position() + " (" + describe(ex) + ")");
        }
    }

    private boolean stackOp(int op) throws WeightsFormatException {
        switch (op) {
            case 0x80 -> checkProtocol(in.get() & 0xff);           // PROTO
            case 0x95 -> in.getLong();                               // FRAME: a length hint only
            case '(' -> marks.add(stack.size());                     // MARK
            case '0' -> pop();                                       // POP
            case '1' -> popMark();                                   // POP_MARK
            case '2' -> push(peek());                                // DUP
            case 'q' -> memo.put((long) (in.get() & 0xff), peek());  // BINPUT
            case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek()); // LONG_BINPUT
            case 0x94 -> memo.put((long) memo.size(), peek());       // MEMOIZE
            case 'h' -> push(memoGet(in.get() & 0xff));              // BINGET
            case 'j' -> push(memoGet(in.getInt() & 0xffffffffL));    // LONG_BINGET
            case 'p' -> memo.put(Long.parseLong(line()), peek());    // PUT
            case 'g' -> push(memoGet(Long.parseLong(line())));       // GET
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean constantOp(int op) {
        switch (op) {
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'J' -> push((long) in.getInt());
            case 'K' -> push((long) (in.get() & 0xff));
            case 'M' -> push((long) (in.getShort() & 0xffff));
            case 0x8a -> push(longBytes(in.get() & 0xff));
            case 0x8b -> push(longBytes(in.getInt()));
            case 'G' -> push(in.order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT is big-endian
            case 'X' -> push(utf8(in.getInt() & 0xffffffffL));
            case 0x8c -> push(utf8(in.get() & 0xff));
            case 0x8d -> push(utf8(in.getLong()));
            case 'T' -> push(new String(bytes(in.getInt() & 0xffffffffL), StandardCharsets.ISO_8859_1));
            case 'U' -> push(new String(bytes(in.get() & 0xff), StandardCharsets.ISO_8859_1));
            case 'B' -> push(bytes(in.getInt() & 0xffffffffL));
            case 'C' -> push(bytes(in.get() & 0xff));
            case 0x8e -> push(bytes(in.getLong()));
            case 0x96 -> push(bytes(in.getLong()));                  // BYTEARRAY8, as bytes
            case 'I' -> push(intLine(line()));
            case 'L' -> push(new BigInteger(line().replace("L", "")));
            default -> {
                return false;
            }
        }
        in.order(ByteOrder.LITTLE_ENDIAN);
        return true;
    }

    @SuppressWarnings("unchecked")
    private boolean containerOp(int op) {
        switch (op) {
            case ')' -> push(new Py.Tuple(List.of()));
            case 't' -> push(new Py.Tuple(popMark()));
            case 0x85 -> push(tupleN(1));
            case 0x86 -> push(tupleN(2));
            case 0x87 -> push(tupleN(3));
            case ']' -> push(new ArrayList<>());
            case 'l' -> push(new ArrayList<>(popMark()));
            case '}' -> push(new LinkedHashMap<>());
            case 'd' -> push(dictFrom(popMark(), new LinkedHashMap<>()));
            case 0x8f -> push(new LinkedHashSet<>());
            case 'a' -> {
                Object v = pop();
                ((List<Object>) peek()).add(v);
            }
            case 'e' -> {
                List<Object> items = popMark();
                ((List<Object>) peek()).addAll(items);
            }
            case 's' -> {
                Object v = pop();
                Object k = pop();
                ((Map<Object, Object>) peek()).put(k, v);
            }
            case 'u' -> {
                List<Object> kv = popMark();
                dictFrom(kv, (Map<Object, Object>) peek());
            }
            case 0x90 -> {
                List<Object> items = popMark();
                ((Set<Object>) peek()).addAll(items);
            }
            case 0x91 -> push(new LinkedHashSet<>(popMark()));
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean objectOp(int op) throws WeightsFormatException {
        switch (op) {
            case 'c' -> push(globals.resolve(line(), line()));            // GLOBAL "module\nname\n"
            case 0x93 -> {                                                 // STACK_GLOBAL
                String name = (String) pop();
                push(globals.resolve((String) pop(), name));
            }
            case 'R', 0x81 -> {                                            // REDUCE, NEWOBJ
                Py.Tuple args = (Py.Tuple) pop();
                push(globals.call(pop(), args));
            }
            case 0x92 -> {                                                 // NEWOBJ_EX: kwargs dropped
                pop();
                Py.Tuple args = (Py.Tuple) pop();
                push(globals.call(pop(), args));
            }
            case 'b' -> {                                                  // BUILD
                Object state = pop();
                push(globals.build(pop(), state));
            }
            case 'Q' -> push(globals.persistent(pop()));                   // BINPERSID
            case 0x82, 0x83, 0x84, 'i', 'o', 'P' ->
                throw malformed(String.format("opcode 0x%02x (extension registry / old-style instance / text "
                        + "persistent id) is not used by torch.save and is refused", op));
            default -> {
                return false;
            }
        }
        return true;
    }

    private void checkProtocol(int p) throws WeightsFormatException {
        if (p > 5) {
            throw malformed("unsupported pickle protocol " + p);
        }
    }

    private Py.Tuple tupleN(int n) {
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        for (int i = 0; i < n; i++) {
            pop();
        }
        return new Py.Tuple(items);
    }

    private static Map<Object, Object> dictFrom(List<Object> kv, Map<Object, Object> into) {
        for (int i = 0; i + 1 < kv.size(); i += 2) {
            into.put(kv.get(i), kv.get(i + 1));
        }
        return into;
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.get(marks.size() - 1) >= stack.size())) {
            throw new IndexOutOfBoundsException("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.isEmpty()) {
            throw new IndexOutOfBoundsException("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw new IndexOutOfBoundsException("no mark");
        }
        int at = marks.remove(marks.size() - 1);
        List<Object> tail = stack.subList(at, stack.size());
        List<Object> items = new ArrayList<>(tail);
        tail.clear();
        return items;
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) {
            throw new IndexOutOfBoundsException("memo " + index);
        }
        return memo.get(index);
    }

    private byte[] bytes(long n) {
        if (n < 0 || n > in.remaining()) {
            throw new java.nio.BufferUnderflowException();
        }
        byte[] b = new byte[(int) n];
        in.get(b);
        return b;
    }

    private String utf8(long n) {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private String line() {
        StringBuilder sb = new StringBuilder();
        for (byte b = in.get(); b != '\n'; b = in.get()) {
            sb.append((char) (b & 0xff));
        }
        return sb.toString();
    }

    private static Object intLine(String s) {
        return switch (s) {
            case "00" -> Boolean.FALSE;
            case "01" -> Boolean.TRUE;
            default -> Long.parseLong(s);
        };
    }

    // LONG1/LONG4: little-endian two's complement of n bytes.
    private Object longBytes(int n) {
        byte[] le = bytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    static long asLong(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof BigInteger b) {
            return b.longValueExact();
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw new ClassCastException("not an int: " + o);
    }

    private static String describe(RuntimeException ex) {
        if (ex instanceof ClassCastException) {
            return "a value of the wrong type";
        }
        if (ex instanceof IndexOutOfBoundsException) {
            return "stack, mark or memo underflow";
        }
        if (ex instanceof NullPointerException) {
            return "a missing value";
        }
        return ex instanceof ArithmeticException ? "a number out of range" : "an unreadable number";
    }

    private WeightsFormatException malformed(String what) {
        return new WeightsFormatException(file, "malformed pickle: " + what);
    }
}

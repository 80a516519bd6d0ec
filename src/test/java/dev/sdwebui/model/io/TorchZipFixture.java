package dev.sdwebui.model.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hand-built torch.save archives for tests: a pickle assembled opcode by opcode (see CPython
 * pickletools for the opcode meanings) inside a zip of STORED entries, like torch.save writes.
 * Public for the tests of other {@code model} packages that read torch.save files (embeddings).
 */
public final class TorchZipFixture {

    private final ByteArrayOutputStream pkl = new ByteArrayOutputStream();

    public TorchZipFixture op(int... bytes) {
        for (int b : bytes) {
            pkl.write(b);
        }
        return this;
    }

    public TorchZipFixture proto2() {
        return op(0x80, 2);
    }

    /** GLOBAL 'module name'. */
    public TorchZipFixture global(String module, String name) {
        op('c');
        text(module + "\n" + name + "\n");
        return this;
    }

    /** SHORT_BINUNICODE. */
    public TorchZipFixture str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op(0x8c, b.length);
        pkl.writeBytes(b);
        return this;
    }

    public TorchZipFixture int1(int v) {
        return op('K', v);
    }

    /** BININT: a signed 4-byte int. */
    public TorchZipFixture int4(int v) {
        return op('J', v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
    }

    public TorchZipFixture mark() {
        return op('(');
    }

    public TorchZipFixture tuple() {
        return op('t');
    }

    public TorchZipFixture reduce() {
        return op('R');
    }

    /** Pushes torch._utils._rebuild_tensor_v2(storage key, offset, size, stride, False, OrderedDict()). */
    public TorchZipFixture tensor(String storageType, String key, int numel, int offset, int[] size, int[] stride) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().str("storage").global("torch", storageType).str(key).str("cpu").int1(numel).tuple().op('Q');
        int1(offset);
        mark();
        for (int s : size) {
            int1(s);
        }
        tuple().mark();
        for (int s : stride) {
            int1(s);
        }
        tuple();
        op(0x89); // requires_grad False
        global("collections", "OrderedDict").op(')').reduce();
        return tuple().reduce();
    }

    public byte[] pickle() {
        return pkl.toByteArray();
    }

    /** A torch.save archive: {@code archive/data.pkl}, {@code archive/data/<key>} storages, version. */
    public static byte[] torchSave(byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle);
        storages.forEach((k, v) -> entries.put("archive/data/" + k, v));
        entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        return zip(entries);
    }

    /** Little-endian fp32 storage bytes. */
    public static byte[] floats(float... v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private void text(String s) {
        pkl.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** A zip with STORED entries, in the given order. */
    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                ze.setMethod(ZipEntry.STORED);
                ze.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                ze.setCrc(crc.getValue());
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}

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
 */
final class TorchZipFixture {

    private final ByteArrayOutputStream pkl = new ByteArrayOutputStream();

    TorchZipFixture op(int... bytes) {
        for (int b : bytes) {
            pkl.write(b);
        }
        return this;
    }

    TorchZipFixture proto2() {
        return op(0x80, 2);
    }

    /** GLOBAL 'module name'. */
    TorchZipFixture global(String module, String name) {
        op('c');
        text(module + "\n" + name + "\n");
        return this;
    }

    /** SHORT_BINUNICODE. */
    TorchZipFixture str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op(0x8c, b.length);
        pkl.writeBytes(b);
        return this;
    }

    TorchZipFixture int1(int v) {
        return op('K', v);
    }

    TorchZipFixture mark() {
        return op('(');
    }

    TorchZipFixture tuple() {
        return op('t');
    }

    TorchZipFixture reduce() {
        return op('R');
    }

    /** Pushes torch._utils._rebuild_tensor_v2(storage key, offset, size, stride, False, OrderedDict()). */
    TorchZipFixture tensor(String storageType, String key, int numel, int offset, int[] size, int[] stride) {
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

    byte[] pickle() {
        return pkl.toByteArray();
    }

    private void text(String s) {
        pkl.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** A zip with STORED entries, in the given order. */
    static byte[] zip(Map<String, byte[]> entries) throws IOException {
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

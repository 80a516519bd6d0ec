package dev.sdwebui.tensor.script;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a TorchScript archive (the zip that {@code torch.jit.save} produces) from source text, so
 * that libtorch can compile our helper methods at load time without Python.
 *
 * <p>Layout (measured in djl-notes.md section 2): STORED entries {@code <root>/code/__torch__.py}
 * (the class source), {@code <root>/data.pkl} (a pickle that builds one instance of the class with
 * {@code training=True}), {@code <root>/constants.pkl} (an empty tuple) and {@code <root>/version}
 * = 10. Version 4 would make libtorch apply old-schema upgraders that reject
 * {@code gelu(approximate=...)}.
 */
final class TorchScriptArchive {

    private TorchScriptArchive() {
    }

    /** Pickle protocol 2 of {@code __torch__.<className>()} with state {@code {'training': True}}. */
    static byte[] dataPickle(String className) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0x80, 2});
        b.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[] {'q', 0, ')', (byte) 0x81, '}', '('});
        b.write('X');
        b.writeBytes(new byte[] {8, 0, 0, 0});
        b.writeBytes("training".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(new byte[] {'q', 1, (byte) 0x88, 'u', 'b', 'q', 2, '.'});
        return b.toByteArray();
    }

    static void write(Path file, String root, String className, String source) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            stored(zip, root + "/data.pkl", dataPickle(className));
            stored(zip, root + "/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(zip, root + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            stored(zip, root + "/version", "10\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}

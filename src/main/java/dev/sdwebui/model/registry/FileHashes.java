package dev.sdwebui.model.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The hashes A1111 shows for model files ({@code modules/hashes.py}, {@code modules/sd_models.py}). */
public final class FileHashes {

    private FileHashes() {
    }

    /** SHA-256 of the whole file, lower-case hex (A1111 reads 1 MiB blocks; same digest). */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * A1111's legacy 8-hex "model hash" (pre-Dec 2022, old infotexts):
     * {@code sha256(file[0x100000 : 0x100000 + 0x10000])[:8]}; a file shorter than 1 MiB hashes the empty
     * read (as Python's {@code file.read} past EOF); a missing file gives "NOFILE".
     */
    public static String legacyModelHash(Path file) {
        MessageDigest md = digest();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(0x10000);
            long pos = 0x100000;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                pos += n;
            }
            buf.flip();
            md.update(buf);
            return HexFormat.of().formatHex(md.digest()).substring(0, 8);
        } catch (NoSuchFileException e) {
            return "NOFILE";
        } catch (IOException e) {
            return "NOFILE";
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}

package dev.sdwebui.model.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash A1111 records for a network file: for {@code .safetensors} the "addnet" hash, the sha256 of the
 * bytes after the header (skip 8 + header length), so editing the metadata does not change it; for other
 * files the sha256 of the whole file. Ref: A1111 modules/hashes.py {@code sha256(..., use_addnet_hash)}
 * and {@code addnet_hash_safetensors}.
 */
public final class NetworkHashes {

    private NetworkHashes() {
    }

    public static String sha256(Path file) throws IOException {
        boolean st = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".safetensors");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long start = 0;
            if (st) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(len, 0);
                len.flip();
                start = 8 + len.getLong();
            }
            MessageDigest md = digest();
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            for (long pos = start; ; ) {
                buf.clear();
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                buf.flip();
                md.update(buf);
                pos += n;
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

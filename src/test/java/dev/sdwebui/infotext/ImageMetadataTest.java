package dev.sdwebui.infotext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageMetadataTest {

    private static final String LATIN = "a café\nNegative prompt: x\nSteps: 20, Sampler: Euler, CFG scale: 7.0, Seed: 1,"
            + " Size: 8x8";
    private static final String UNICODE = "一只猫 🐱\nSteps: 20, Sampler: Euler, CFG scale: 7.0, Seed: 1, Size: 8x8";

    static byte[] encode(String format) throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, (x * 30) << 16 | (y * 30) << 8 | 77);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    @Test
    void latin1TextIsATextChunkAndReadsBack() throws IOException {
        byte[] png = PngTextChunks.insert(encode("png"), Map.of("parameters", LATIN));
        assertThat(indexOf(png, "tEXtparameters\0")).isPositive();
        assertThat(indexOf(png, "iTXt")).isNegative();
        assertThat(indexOf(png, "tEXt")).isLessThan(indexOf(png, "IDAT"));
        assertThat(PngTextChunks.read(png)).containsExactly(Map.entry("parameters", LATIN));
        assertThat(ImageIO.read(new ByteArrayInputStream(png)).getRGB(3, 2)).isEqualTo(0xff000000 | 90 << 16 | 60 << 8 | 77);
    }

    @Test
    void nonLatin1TextIsAnUtf8InternationalChunk() throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("parameters", UNICODE);
        texts.put("postprocessing", "Postprocess upscale by: 2");
        byte[] png = PngTextChunks.insert(encode("png"), texts);
        assertThat(indexOf(png, "iTXtparameters\0\0\0\0\0")).isPositive();
        assertThat(PngTextChunks.read(png)).containsExactly(Map.entry("parameters", UNICODE),
                Map.entry("postprocessing", "Postprocess upscale by: 2"));
        assertThat(new ImageInfoReader().read(png)).isEqualTo(
                new ImageInfo(UNICODE, Map.of("postprocessing", "Postprocess upscale by: 2")));
    }

    @Test
    void readsCompressedTextChunksFromOtherWriters() throws IOException {
        byte[] base = encode("png");
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        z.writeBytes("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1));
        z.writeBytes(deflate("zipped latin-1 é".getBytes(StandardCharsets.ISO_8859_1)));
        ByteArrayOutputStream i = new ByteArrayOutputStream();
        i.writeBytes("parameters\0\1\0en\0\0".getBytes(StandardCharsets.ISO_8859_1));
        i.writeBytes(deflate(UNICODE.getBytes(StandardCharsets.UTF_8)));
        byte[] png = insertRaw(base, chunk("zTXt", z.toByteArray()), chunk("iTXt", i.toByteArray()));
        assertThat(PngTextChunks.read(png)).containsEntry("Comment", "zipped latin-1 é")
                .containsEntry("parameters", UNICODE);
    }

    @Test
    void corruptPngIsAClearError() throws IOException {
        byte[] png = PngTextChunks.insert(encode("png"), Map.of("parameters", LATIN));
        png[indexOf(png, "tEXt") + 6] ^= 1;
        assertThatThrownBy(() -> PngTextChunks.read(png)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad CRC");
        assertThatThrownBy(() -> new ImageInfoReader().read(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported image format");
    }

    @Test
    void jpegCarriesTheInfotextAsUnicodeExifUserComment() throws IOException {
        byte[] jpeg = ExifUserComment.insert(encode("jpg"), UNICODE);
        assertThat(jpeg[2] & 0xff).isEqualTo(0xff);
        assertThat(jpeg[3] & 0xff).isEqualTo(0xe1); // APP1 Exif replaces JFIF APP0, as piexif.insert does
        assertThat(indexOf(jpeg, "JFIF")).isNegative();
        byte[] expected = concat("UNICODE\0".getBytes(StandardCharsets.US_ASCII), UNICODE.getBytes(StandardCharsets.UTF_16BE));
        assertThat(indexOf(jpeg, expected)).isPositive();
        assertThat(ExifUserComment.read(jpeg)).isEqualTo(UNICODE);
        assertThat(new ImageInfoReader().read(jpeg)).isEqualTo(new ImageInfo(UNICODE, Map.of("exif comment", UNICODE)));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(back.getWidth()).isEqualTo(8);
        // writing twice replaces the comment instead of stacking segments
        byte[] again = ExifUserComment.insert(jpeg, LATIN);
        assertThat(ExifUserComment.read(again)).isEqualTo(LATIN);
        assertThat(indexOf(again, "UNICODE\0".getBytes(StandardCharsets.US_ASCII), indexOf(again, "UNICODE") + 1))
                .isNegative();
    }

    @Test
    void exifSegmentIsByteForByteWhatPiexifDumps() throws IOException {
        // piexif.dump({"Exif": {UserComment: UserComment.dump("hi é", encoding="unicode")}}), piexif 1.1.3
        String piexif = "4578696600004d4d002a00000008000187690004000000010000001a0000000000019286000700000010"
                + "00000028554e49434f44450000680069002000e9";
        byte[] jpeg = ExifUserComment.insert(encode("jpg"), "hi é");
        int len = (jpeg[4] & 0xff) << 8 | (jpeg[5] & 0xff);
        assertThat(java.util.HexFormat.of().formatHex(jpeg, 6, 4 + len)).isEqualTo(piexif);
    }

    @Test
    void jpegWithoutCommentAndOverlongComment() throws IOException {
        byte[] plain = encode("jpg");
        assertThat(ExifUserComment.read(plain)).isNull();
        assertThat(new ImageInfoReader().read(plain).parameters()).isNull();
        assertThatThrownBy(() -> ExifUserComment.insert(plain, "x".repeat(40_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    }

    @Test
    void userCommentDecodingFollowsPiexif() {
        assertThat(ExifUserComment.decode(concat("ASCII\0\0\0".getBytes(StandardCharsets.US_ASCII),
                "hi".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("hi");
        assertThat(ExifUserComment.decode("plain utf8 ü".getBytes(StandardCharsets.UTF_8))).isEqualTo("plain utf8 ü");
    }

    static byte[] deflate(byte[] b) {
        Deflater d = new Deflater();
        d.setInput(b);
        d.finish();
        byte[] buf = new byte[b.length + 64];
        int n = d.deflate(buf);
        d.end();
        return Arrays.copyOf(buf, n);
    }

    static byte[] chunk(String type, byte[] data) {
        ByteBuffer bb = ByteBuffer.allocate(12 + data.length);
        bb.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        bb.putInt((int) crc.getValue());
        return bb.array();
    }

    static byte[] insertRaw(byte[] png, byte[]... chunks) {
        int at = 8 + 25;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, at);
        for (byte[] c : chunks) {
            out.writeBytes(c);
        }
        out.write(png, at, png.length - at);
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static int indexOf(byte[] hay, String needle) {
        return indexOf(hay, needle.getBytes(StandardCharsets.ISO_8859_1), 0);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        return indexOf(hay, needle, 0);
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

package dev.sdwebui.web;

import dev.sdwebui.config.SpringProperties;
import dev.sdwebui.output.ImageFormat;
import dev.sdwebui.output.MetadataImageEncoder;
import dev.sdwebui.pipeline.GenerationResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The gallery's files: each shown image as a PNG carrying its infotext in the {@code parameters} chunk
 * (so a gallery image dropped on PNG Info, or downloaded with Save, keeps its parameters), and the Zip
 * button's archive of all of them (A1111 ui_common.py save_files with do_make_zip).
 */
@Component
@ConditionalOnProperty(name = SpringProperties.WEBUI_ENABLED, havingValue = "true")
class GalleryImages {

    private final MetadataImageEncoder encoder = new MetadataImageEncoder();

    Optional<byte[]> png(GenerationResult result, int index) {
        if (index < 0 || index >= result.images().size()) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            String text = result.infotexts().get(index);
            encoder.encode(result.images().get(index), ImageFormat.PNG,
                    text == null || text.isEmpty() ? Map.of() : Map.of("parameters", text), null, 95, out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the gallery image", e);
        }
        return Optional.of(out.toByteArray());
    }

    byte[] zip(GenerationResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < result.images().size(); i++) {
                boolean grid = i < result.info().indexOfFirstImage();
                zip.putNextEntry(new ZipEntry(String.format("%05d-%s.png", i, grid ? "grid" : seed(result, i))));
                zip.write(png(result, i).orElseThrow());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not build the zip", e);
        }
        return bytes.toByteArray();
    }

    private static String seed(GenerationResult result, int index) {
        int i = index - result.info().indexOfFirstImage();
        var seeds = result.info().allSeeds();
        return i >= 0 && i < seeds.size() ? String.valueOf(seeds.get(i)) : String.valueOf(index);
    }
}

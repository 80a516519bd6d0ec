package dev.sdwebui.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sdwebui.infotext.ImageInfo;
import dev.sdwebui.infotext.ImageInfoReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSaverTest {

    static final String INFO = "a photo of a cat\nSteps: 20, Sampler: Euler, CFG scale: 7.0, Seed: 1234, Size: 64x48";

    @TempDir
    Path data;

    ImageSaver saver() {
        return new ImageSaver(data, FileNameGeneratorTest.CLOCK);
    }

    static SaveRequest sample(long seed) {
        return SaveRequest.sample(FileNameGeneratorTest.image(), INFO, NamingContext.of(seed, "a photo of a cat"),
                SaveKind.TXT2IMG);
    }

    @Test
    void defaultsGiveDatedFolderAndNumberedSeedNames() throws IOException {
        OutputSettings s = OutputSettings.defaults();
        SavedImage first = saver().save(sample(1234), s);
        SavedImage second = saver().save(sample(1235), s);
        Path dir = data.resolve("outputs/txt2img-images/2026-11-26");
        assertThat(first.image()).isEqualTo(dir.resolve("00000-1234.png"));
        assertThat(second.image()).isEqualTo(dir.resolve("00001-1235.png"));
        assertThat(first.text()).isNull();
        assertThat(list(dir)).containsExactly("00000-1234.png", "00001-1235.png");
        ImageInfo info = new ImageInfoReader().read(Files.readAllBytes(first.image()));
        assertThat(info.parameters()).isEqualTo(INFO);
        BufferedImage back = ImageIO.read(first.image().toFile());
        assertThat(back.getRGB(5, 5)).isEqualTo(FileNameGeneratorTest.image().getRGB(5, 5));
    }

    @Test
    void withoutSaveToDirsThePromptJoinsTheName() {
        OutputSettings s = OutputSettings.builder().saveToDirs(false).build();
        SavedImage img = saver().save(SaveRequest.sample(FileNameGeneratorTest.image(), INFO,
                NamingContext.of(7L, "a cat/dog: \"x\""), SaveKind.TXT2IMG), s);
        assertThat(img.image()).isEqualTo(data.resolve("outputs/txt2img-images/00000-7-a cat_dog_ _x_.png"));
    }

    @Test
    void patternWithoutNumberReplacesOrAddsASuffix() {
        OutputSettings replace = OutputSettings.builder().samplesFilenamePattern("[seed]-[width]")
                .saveImagesAddNumber(false).build();
        Path a = saver().save(sample(9), replace).image();
        Path b = saver().save(sample(9), replace).image();
        assertThat(a).isEqualTo(b).hasFileName("9-64.png");
        OutputSettings suffix = OutputSettings.Builder.from(replace).saveImagesReplaceAction("Add number suffix").build();
        assertThat(saver().save(sample(9), suffix).image()).hasFileName("9-64-1.png");
        assertThat(saver().save(sample(9), suffix).image()).hasFileName("9-64-2.png");
    }

    @Test
    void gridsGoToTheGridFolderWithShortNames() {
        OutputSettings s = OutputSettings.defaults();
        SaveRequest grid = SaveRequest.grid(FileNameGeneratorTest.image(), INFO, NamingContext.of(1234L, "p"),
                SaveKind.TXT2IMG);
        assertThat(saver().save(grid, s).image())
                .isEqualTo(data.resolve("outputs/txt2img-grids/2026-11-26/grid-0000.png"));
        assertThat(saver().save(grid, s).image()).hasFileName("grid-0001.png");
        OutputSettings extended = OutputSettings.builder().gridExtendedFilename(true).gridSaveToDirs(false).build();
        assertThat(saver().save(grid.withFormat(ImageFormat.JPEG), extended).image())
                .isEqualTo(data.resolve("outputs/txt2img-grids/grid-0000-1234.jpg"));
        assertThat(s.shouldSaveGrid(1)).isFalse();
        assertThat(s.shouldSaveGrid(2)).isTrue();
    }

    @Test
    void foldersPerKindAndTheCommonOverride() {
        OutputSettings s = OutputSettings.builder().saveToDirs(false).build();
        BufferedImage img = FileNameGeneratorTest.image();
        assertThat(saver().save(SaveRequest.sample(img, INFO, NamingContext.of(1L, "p"), SaveKind.IMG2IMG), s).image())
                .isEqualTo(data.resolve("outputs/img2img-images/00000-1-p.png"));
        assertThat(saver().save(SaveRequest.sample(img, null, NamingContext.of(null, null), SaveKind.EXTRAS), s).image())
                .isEqualTo(data.resolve("outputs/extras-images/00000.png"));
        OutputSettings common = OutputSettings.Builder.from(s).outdirSamples("mine").build();
        assertThat(saver().save(sample(3), common).image()).isEqualTo(data.resolve("mine/00000-3-a photo of a cat.png"));
    }

    @Test
    void textSidecarAndExtraPngItems() throws IOException {
        OutputSettings s = OutputSettings.builder().saveTxt(true).build();
        SaveRequest req = new SaveRequest(FileNameGeneratorTest.image(), INFO, NamingContext.of(5L, "p"),
                SaveKind.EXTRAS, false, null, "-upscaled", Map.of("postprocessing", "Postprocess upscale by: 2"), null);
        SavedImage saved = saver().save(req, s);
        assertThat(saved.image()).hasFileName("00000-5-upscaled.png");
        assertThat(saved.text()).hasFileName("00000-5-upscaled.txt");
        assertThat(Files.readString(saved.text(), StandardCharsets.UTF_8)).isEqualTo(INFO + "\n");
        ImageInfo info = new ImageInfoReader().read(Files.readAllBytes(saved.image()));
        assertThat(info.parameters()).isEqualTo(INFO);
        assertThat(info.items()).containsEntry("postprocessing", "Postprocess upscale by: 2");
    }

    @Test
    void jpegCarriesExifAndPngInfoCanBeTurnedOff() throws IOException {
        String unicode = "猫\n" + INFO;
        SaveRequest req = SaveRequest.sample(FileNameGeneratorTest.image(), unicode, NamingContext.of(8L, "p"),
                SaveKind.TXT2IMG);
        Path jpg = saver().save(req, OutputSettings.builder().samplesFormat("jpg").build()).image();
        assertThat(jpg).hasFileName("00000-8.jpg");
        assertThat(new ImageInfoReader().read(Files.readAllBytes(jpg)).parameters()).isEqualTo(unicode);
        assertThat(ImageIO.read(jpg.toFile()).getWidth()).isEqualTo(64);
        Path png = saver().save(req, OutputSettings.builder().enablePnginfo(false).build()).image();
        assertThat(new ImageInfoReader().read(Files.readAllBytes(png)).parameters()).isNull();
    }

    @Test
    void aFailedWriteLeavesNoFileBehind() throws IOException {
        ImageEncoder failing = (image, format, text, comment, quality, out) -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        };
        ImageSaver broken = new ImageSaver(data, FileNameGeneratorTest.CLOCK, failing);
        assertThatThrownBy(() -> broken.save(sample(1), OutputSettings.defaults()))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("disk full");
        ImageEncoder crashing = (image, format, text, comment, quality, out) -> {
            out.write(new byte[10]);
            throw new IllegalStateException("encoder bug");
        };
        assertThatThrownBy(() -> new ImageSaver(data, FileNameGeneratorTest.CLOCK, crashing)
                .save(sample(1), OutputSettings.defaults())).isInstanceOf(IllegalStateException.class);
        assertThat(list(data.resolve("outputs/txt2img-images/2026-11-26"))).isEmpty();
        // and the next good save still starts at 00000
        assertThat(saver().save(sample(1), OutputSettings.defaults()).image()).hasFileName("00000-1.png");
    }

    @Test
    void aSuccessfulWriteGoesThroughATemporaryFileInTheSameFolder() {
        Path[] seen = new Path[1];
        ImageEncoder spying = (image, format, text, comment, quality, out) -> {
            try (Stream<Path> s = Files.list(data.resolve("outputs/txt2img-images/2026-11-26"))) {
                seen[0] = s.findFirst().orElseThrow();
            }
            new MetadataImageEncoder().encode(image, format, text, comment, quality, out);
        };
        Path saved = new ImageSaver(data, FileNameGeneratorTest.CLOCK, spying).save(sample(2), OutputSettings.defaults())
                .image();
        assertThat(seen[0]).hasFileName("00000-2.tmp");
        assertThat(saved).hasFileName("00000-2.png").exists();
        assertThat(seen[0]).doesNotExist();
    }

    @Test
    void patternsCannotLeaveTheOutputFolderAndLongNamesAreCut() {
        OutputSettings evil = OutputSettings.builder().directoriesFilenamePattern("../../../etc").build();
        assertThatThrownBy(() -> saver().save(sample(1), evil)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the output folder");
        String longPrompt = "一只可爱的猫咪".repeat(40);
        Path p = saver().save(SaveRequest.sample(FileNameGeneratorTest.image(), INFO, NamingContext.of(1L, longPrompt),
                SaveKind.TXT2IMG), OutputSettings.builder().saveToDirs(false).build()).image();
        assertThat(p.getFileName().toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(p).exists();
    }

    @Test
    void settingsRejectFormatsWeCannotWrite() {
        assertThatThrownBy(() -> OutputSettings.builder().samplesFormat("webp").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("samples_format 'webp' is not supported").hasMessageContaining("png or jpg");
        assertThatThrownBy(() -> OutputSettings.builder().nRows(17).build()).hasMessageContaining("n_rows");
        assertThatThrownBy(() -> OutputSettings.builder().saveImagesReplaceAction("Keep").build())
                .hasMessageContaining("save_images_replace_action");
    }

    @Test
    void largeImagesAlsoGetAScaledJpegCopy() throws IOException {
        OutputSettings s = OutputSettings.builder().targetSideLength(32).build();
        SavedImage saved = saver().save(sample(4), s); // 64x48 is "oversize" for a 32-pixel limit
        Path jpg = saved.image().resolveSibling("00000-4.jpg");
        assertThat(list(saved.image().getParent())).containsExactly("00000-4.jpg", "00000-4.png");
        BufferedImage copy = ImageIO.read(jpg.toFile());
        assertThat(copy.getWidth()).isEqualTo(32);
        assertThat(copy.getHeight()).isEqualTo(24);
        assertThat(new ImageInfoReader().read(Files.readAllBytes(jpg)).parameters()).isEqualTo(INFO);
        SavedImage small = saver().save(sample(5), OutputSettings.defaults());
        assertThat(list(small.image().getParent())).doesNotContain("00001-5.jpg");
        SavedImage heavy = saver().save(sample(6), OutputSettings.builder().imgDownscaleThreshold(1e-4).build());
        assertThat(heavy.image().resolveSibling("00002-6.jpg")).exists();
    }

    @Test
    void paramsTxtHoldsTheLatestInfotext() {
        assertThat(saver().readLastParameters()).isEmpty();
        assertThat(saver().writeLastParameters("first")).isEqualTo(data.resolve("params.txt"));
        saver().writeLastParameters(INFO);
        assertThat(saver().readLastParameters()).contains(INFO);
    }

    static List<String> list(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

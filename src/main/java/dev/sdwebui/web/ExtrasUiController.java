package dev.sdwebui.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.sdwebui.config.SpringProperties;
import dev.sdwebui.config.LaunchOptions;
import dev.sdwebui.pipeline.ExtrasPipeline;
import dev.sdwebui.postprocess.Pixels;
import dev.sdwebui.postprocess.upscale.UnsupportedUpscalerException;
import dev.sdwebui.postprocess.upscale.UpscalerLoadException;
import dev.sdwebui.queue.JobFailedException;
import dev.sdwebui.queue.JobQueue;
import jakarta.servlet.http.HttpServletRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Extras tab's Generate button (A1111 {@code run_postprocessing} from the UI: results are saved to
 * outputs/extras-images, or to the batch output directory). "Batch from directory" reads and writes the
 * server's folders, so it is refused unless the request comes from the server's own machine or
 * --enable-insecure-extension-access is given.
 */
@RestController
@ConditionalOnProperty(name = SpringProperties.WEBUI_ENABLED, havingValue = "true")
class ExtrasUiController {

    private static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".webp", ".bmp");

    private final ExtrasPipeline extras;
    private final JobQueue queue;
    private final LaunchOptions options;

    ExtrasUiController(ExtrasPipeline extras, JobQueue queue, LaunchOptions options) {
        this.extras = extras;
        this.queue = queue;
        this.options = options;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ExtrasForm(Integer extrasMode, List<Map<String, String>> images, String inputDir, String outputDir,
                      Boolean showExtrasResults, Integer resizeMode, Double upscalingResize, Integer upscalingResizeW,
                      Integer upscalingResizeH, Boolean upscalingCrop,
                      @com.fasterxml.jackson.annotation.JsonProperty("extras_upscaler_1") String upscaler1,
                      @com.fasterxml.jackson.annotation.JsonProperty("extras_upscaler_2") String upscaler2,
                      @com.fasterxml.jackson.annotation.JsonProperty("extras_upscaler_2_visibility") Double visibility) {
    }

    @PostMapping(path = "/internal/extras", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> run(@RequestBody ExtrasForm f, HttpServletRequest http) {
        try {
            int mode = f.extrasMode() == null ? 0 : f.extrasMode();
            List<Pixels> images = new ArrayList<>();
            List<String> names = new ArrayList<>();
            String outputDir = null;
            if (mode == 2) {
                if (!isLoopback(http.getRemoteAddr()) && !options.enableInsecureExtensionAccess()) {
                    return ResponseEntity.status(403).body(Map.of("error", "Batch from directory is only available "
                            + "from the server's own machine (or with --enable-insecure-extension-access)"));
                }
                readDirectory(f.inputDir(), images, names);
                outputDir = f.outputDir() == null || f.outputDir().isBlank() ? null : f.outputDir();
            } else {
                for (Map<String, String> img : f.images() == null ? List.<Map<String, String>>of() : f.images()) {
                    images.add(decode(img.get("data")));
                    names.add(img.get("name"));
                }
            }
            double by = f.upscalingResize() == null ? 2 : f.upscalingResize();
            String byText = by == Math.rint(by) ? Long.toString((long) by) : Double.toString(by);
            ExtrasPipeline.ExtrasRequest req = new ExtrasPipeline.ExtrasRequest(images, names,
                    f.resizeMode() == null ? 0 : f.resizeMode(), by, byText, 0,
                    f.upscalingResizeW() == null ? 512 : f.upscalingResizeW(),
                    f.upscalingResizeH() == null ? 512 : f.upscalingResizeH(),
                    f.upscalingCrop() == null || f.upscalingCrop(), f.upscaler1(), f.upscaler2(),
                    f.visibility() == null ? 0 : f.visibility(), true, outputDir);
            ExtrasPipeline.ExtrasResult res = queue.submit(extras.job(req)).await();
            boolean show = mode != 2 || f.showExtrasResults() == null || f.showExtrasResults();
            List<String> urls = new ArrayList<>();
            if (show) {
                for (BufferedImage img : res.images()) {
                    urls.add(dataUrl(img));
                }
            }
            return ResponseEntity.ok(Map.of("images", urls, "html_info", res.htmlInfo(), "infotexts", res.infotexts()));
        } catch (IllegalArgumentException | UnsupportedUpscalerException | UpscalerLoadException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        } catch (JobFailedException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            int status = c instanceof UnsupportedUpscalerException || c instanceof UpscalerLoadException ? 400 : 500;
            return ResponseEntity.status(status).body(Map.of("error", String.valueOf(c.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ResponseEntity.status(503).body(Map.of("error", "interrupted"));
        }
    }

    private static boolean isLoopback(String addr) {
        try {
            return InetAddress.getByName(addr).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static void readDirectory(String dir, List<Pixels> images, List<String> names) {
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException("Input directory is empty");
        }
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException("Input directory not found: " + dir);
        }
        try (Stream<Path> s = Files.list(p)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                if (IMAGE_EXTENSIONS.stream().noneMatch(n::endsWith)) {
                    continue;
                }
                BufferedImage img = ImageIO.read(f.toFile());
                if (img != null) {
                    images.add(Pixels.of(img));
                    names.add(f.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + dir + ": " + e.getMessage());
        }
    }

    private static Pixels decode(String data) {
        if (data == null || data.isBlank()) {
            throw new IllegalArgumentException("Choose an image first");
        }
        String s = data.startsWith("data:") ? data.substring(data.indexOf(',') + 1) : data;
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getMimeDecoder().decode(s)));
            if (img == null) {
                throw new IllegalArgumentException("the image is not a PNG, JPEG, BMP or GIF picture");
            }
            return Pixels.of(img);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the image: " + e.getMessage());
        }
    }

    private static String dataUrl(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }
}

package dev.sdwebui.output;

import java.util.Locale;

/**
 * Image file formats we can write. A1111 also offers webp, avif, gif and others through PIL;
 * javax.imageio has no WEBP/AVIF encoder, so those settings are rejected with a clear message instead
 * of silently writing another format.
 */
public enum ImageFormat {
    PNG("png"),
    JPEG("jpg");

    private final String extension;

    ImageFormat(String extension) {
        this.extension = extension;
    }

    /** File extension without the dot. */
    public String extension() {
        return extension;
    }

    /** Maps A1111's {@code samples_format}/{@code grid_format} value. */
    public static ImageFormat fromSetting(String setting, String settingName) {
        String s = setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "png" -> PNG;
            case "jpg", "jpeg" -> JPEG;
            case "webp", "avif", "jxl", "gif", "tif", "tiff", "bmp" -> throw new IllegalArgumentException(
                    settingName + " '" + setting + "' is not supported: this server writes only png and jpg"
                            + " (javax.imageio has no " + s + " encoder); choose png or jpg");
            default -> throw new IllegalArgumentException(
                    settingName + " '" + setting + "' is not a known image format; choose png or jpg");
        };
    }
}

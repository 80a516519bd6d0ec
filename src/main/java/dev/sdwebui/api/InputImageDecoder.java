package dev.sdwebui.api;

import dev.sdwebui.config.settings.SettingsStore;
import dev.sdwebui.postprocess.EncodedImages;
import java.awt.image.BufferedImage;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Input images of the API. Ref: A1111 api.py {@code decode_base64_to_image}: raw base64 or a
 * {@code data:image/...;base64,} URL; http(s) URLs only when the setting {@code api_enable_requests}
 * allows. Unlike A1111 (which forbids local addresses only with {@code api_forbid_local_requests}),
 * URLs resolving to loopback, private, link-local, CGNAT, unique-local or multicast addresses are always
 * refused, the connection goes to the very address that was checked ({@link PinnedHttpFetcher}: no DNS-rebinding
 * window), redirects are not followed, and downloads are capped. Bad data is a 400 (A1111: 500).
 */
@Component
class InputImageDecoder {

    static final int MAX_BYTES = EncodedImages.MAX_BYTES;
    private final SettingsStore settings;
    private final PinnedHttpFetcher fetcher = new PinnedHttpFetcher();

    InputImageDecoder(SettingsStore settings) {
        this.settings = settings;
    }

    /** @param what "init image 1", "mask"... for messages */
    BufferedImage decode(String data, String what) {
        try {
            String s = data == null ? "" : data.strip();
            byte[] bytes = s.startsWith("http://") || s.startsWith("https://") ? fetch(s, what)
                    : EncodedImages.base64(s, what);
            return EncodedImages.decode(bytes, what);
        } catch (EncodedImages.BadImageException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private byte[] fetch(String url, String what) {
        if (!Boolean.TRUE.equals(settings.get("api_enable_requests"))) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Requests not allowed: enable the api_enable_requests setting"
                    + " to pass the " + what + " as a URL");
        }
        return fetcher.get(url, what, MAX_BYTES);
    }

    /** Not loopback, private, link-local, CGNAT, reserved, unique-local, v4-mapped or multicast. */
    static boolean isGlobal(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 255;
            int second = b[1] & 255;
            boolean cgnat = first == 100 && second >= 64 && second < 128;
            boolean reserved = first == 0 || first >= 240 || (first == 192 && second == 0 && (b[2] & 255) == 0)
                    || (first == 198 && (second == 18 || second == 19));
            return !cgnat && !reserved;
        }
        if (a instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
            boolean mapped = isV4Mapped(b);
            return !uniqueLocal && !mapped;
        }
        return false;
    }

    /** ::ffff:a.b.c.d is judged by its IPv4 address by the JDK already; refuse it outright to be safe. */
    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 255) == 0xff && (b[11] & 255) == 0xff;
    }
}

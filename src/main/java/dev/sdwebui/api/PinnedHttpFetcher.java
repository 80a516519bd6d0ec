package dev.sdwebui.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.http.HttpStatus;

/**
 * One HTTP(S) GET whose target address is pinned: the host is resolved once, every address it resolves to must
 * pass the address policy, and the connection goes to that checked {@link InetAddress} itself, so a DNS answer that
 * changes between the check and the connection (DNS rebinding) cannot point the request at a private address.
 * HTTPS is layered over the pinned socket with SNI and hostname verification ({@code HTTPS} endpoint
 * identification) against the URL's host. A minimal HTTP/1.1 client: {@code Connection: close}, bodies by
 * {@code Content-Length}, {@code chunked} or read to close, capped at {@code maxBytes}; redirects are not followed.
 * Every failure is an {@link ApiException} 400 whose message starts with "Fetching the {what} failed".
 */
final class PinnedHttpFetcher {

    /** A DNS lookup; {@link InetAddress#getAllByName} in production. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 100;

    private final Resolver resolver;
    private final Predicate<InetAddress> allowed;
    private final SSLSocketFactory tls;
    private final int connectTimeoutMs;
    private final long totalTimeoutMs;

    /** Public addresses only ({@link InputImageDecoder#isGlobal}), the JDK's trust store, 10 s to connect, 30 s in all. */
    PinnedHttpFetcher() {
        this(InetAddress::getAllByName, InputImageDecoder::isGlobal, (SSLSocketFactory) SSLSocketFactory.getDefault(),
                10_000, 30_000);
    }

    /** For tests: another resolver, address policy or trust store. */
    PinnedHttpFetcher(Resolver resolver, Predicate<InetAddress> allowed, SSLSocketFactory tls, int connectTimeoutMs,
            long totalTimeoutMs) {
        this.resolver = resolver;
        this.allowed = allowed;
        this.tls = tls;
        this.connectTimeoutMs = connectTimeoutMs;
        this.totalTimeoutMs = totalTimeoutMs;
    }

    /** GETs an http(s) URL; the body of a 200 answer. */
    byte[] get(String url, String what, int maxBytes) {
        URI uri = parse(url, what);
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        InetAddress pinned = resolveChecked(uri.getHost());
        long deadline = System.nanoTime() + totalTimeoutMs * 1_000_000L;
        try (Socket socket = connect(pinned, port, uri.getHost(), https)) {
            OutputStream out = socket.getOutputStream();
            out.write(requestHead(uri, port, https).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return readResponse(new BufferedInputStream(socket.getInputStream()), what, maxBytes, deadline);
        } catch (IOException e) {
            throw fail(what, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static URI parse(String url, String what) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid image URL for the " + what);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid image URL for the " + what + ": http(s) only");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid image URL: no host");
        }
        return uri;
    }

    /** Resolves once; every address must pass the policy (A1111 "Request to local resource not allowed"). */
    InetAddress resolveChecked(String host) {
        InetAddress[] all;
        try {
            all = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid image URL: unknown host " + host);
        }
        if (all == null || all.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid image URL: unknown host " + host);
        }
        for (InetAddress a : all) {
            if (!allowed.test(a)) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "Request to local resource not allowed");
            }
        }
        return all[0];
    }

    /** A TCP connection to the pinned address; for https a TLS session on it, verified against {@code host}. */
    private Socket connect(InetAddress pinned, int port, String host, boolean https) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(pinned, port), connectTimeoutMs);
            plain.setSoTimeout((int) Math.min(totalTimeoutMs, Integer.MAX_VALUE));
            if (!https) {
                return plain;
            }
            String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            SSLSocket ssl = (SSLSocket) tls.createSocket(plain, name, port, true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(name)) {
                params.setServerNames(List.of(new SNIHostName(name)));
            }
            ssl.setSSLParameters(params);
            ssl.startHandshake();
            return ssl;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static String requestHead(URI uri, int port, boolean https) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        boolean defaultPort = port == (https ? 443 : 80);
        String hostHeader = uri.getHost() + (defaultPort ? "" : ":" + port);
        return "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: Mozilla/5.0 (sd-webui)\r\n"
                + "Accept: image/*, */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n";
    }

    /** Status line and headers (skipping 1xx interim answers), then the body of a 200. */
    private static byte[] readResponse(InputStream in, String what, int maxBytes, long deadline) throws IOException {
        int status;
        Map<String, String> headers;
        do {
            status = parseStatus(readLine(in, deadline));
            headers = readHeaders(in, deadline);
        } while (status >= 100 && status < 200);
        if (status >= 300 && status < 400) {
            String location = headers.getOrDefault("location", "(no Location)");
            throw fail(what, "HTTP " + status + " redirect to " + location + "; redirects are not followed");
        }
        if (status != 200) {
            throw fail(what, "HTTP " + status);
        }
        String encoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (encoding.contains("chunked")) {
            return readChunked(in, what, maxBytes, deadline);
        }
        String length = headers.get("content-length");
        if (length != null) {
            return readLength(in, what, parseLength(length.strip(), what), maxBytes, deadline);
        }
        return readToClose(in, what, maxBytes, deadline);
    }

    private static int parseStatus(String line) throws IOException {
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
            throw new IOException("not an HTTP/1.x answer");
        }
        return Integer.parseInt(parts[1]);
    }

    /** Header names lower-cased; a repeated header keeps its last value. */
    private static Map<String, String> readHeaders(InputStream in, long deadline) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int n = 0; ; n++) {
            String line = readLine(in, deadline);
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (n >= MAX_HEADERS || colon <= 0) {
                throw new IOException(n >= MAX_HEADERS ? "too many headers" : "malformed header line");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
    }

    private static long parseLength(String value, String what) {
        if (!value.matches("[0-9]{1,18}")) {
            throw fail(what, "bad Content-Length " + value);
        }
        return Long.parseLong(value);
    }

    private static byte[] readLength(InputStream in, String what, long length, int maxBytes, long deadline)
            throws IOException {
        if (length > maxBytes) {
            throw tooLarge(what, maxBytes);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) length);
        copy(in, body, length, deadline);
        if (body.size() < length) {
            throw new IOException("connection closed after " + body.size() + " of " + length + " bytes");
        }
        return body.toByteArray();
    }

    private static byte[] readChunked(InputStream in, String what, int maxBytes, long deadline) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = readLine(in, deadline);
            int semi = line.indexOf(';');
            String hex = (semi >= 0 ? line.substring(0, semi) : line).strip();
            if (!hex.matches("[0-9a-fA-F]{1,8}")) {
                throw new IOException("bad chunk size " + hex);
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                readHeaders(in, deadline); // trailer
                return body.toByteArray();
            }
            if (body.size() + size > maxBytes) {
                throw tooLarge(what, maxBytes);
            }
            int before = body.size();
            copy(in, body, size, deadline);
            if (body.size() - before < size || !readLine(in, deadline).isEmpty()) {
                throw new IOException("truncated chunk");
            }
        }
    }

    private static byte[] readToClose(InputStream in, String what, int maxBytes, long deadline) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        copy(in, body, (long) maxBytes + 1, deadline);
        if (body.size() > maxBytes) {
            throw tooLarge(what, maxBytes);
        }
        return body.toByteArray();
    }

    /** Copies up to {@code limit} bytes, stopping early at end of stream. */
    private static void copy(InputStream in, ByteArrayOutputStream out, long limit, long deadline) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = limit;
        while (left > 0) {
            checkDeadline(deadline);
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                return;
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    /** A CRLF (or LF) terminated ISO-8859-1 line, without the terminator. */
    private static String readLine(InputStream in, long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed in the answer's head");
            }
            if (c == '\n') {
                int len = line.length();
                return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("answer line longer than " + MAX_LINE + " bytes");
            }
            if ((line.length() & 1023) == 0) {
                checkDeadline(deadline);
            }
            line.append((char) c);
        }
    }

    private static void checkDeadline(long deadline) throws IOException {
        if (System.nanoTime() - deadline > 0) {
            throw new java.net.SocketTimeoutException("timed out");
        }
    }

    private static ApiException tooLarge(String what, int maxBytes) {
        String limit = maxBytes >= 1 << 20 ? (maxBytes >> 20) + " MiB" : maxBytes + " bytes";
        return new ApiException(HttpStatus.BAD_REQUEST, "The " + what + " is larger than " + limit);
    }

    private static ApiException fail(String what, String why) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Fetching the " + what + " failed: " + why);
    }
}

package dev.sdwebui.security;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A self-signed certificate for 127.0.0.1 made with the JDK's keytool, written as PEM files. */
final class SelfSignedPem {

    final Path cert;
    final Path key;
    final KeyStore trust;

    private SelfSignedPem(Path cert, Path key, KeyStore trust) {
        this.cert = cert;
        this.key = key;
        this.trust = trust;
    }

    static SelfSignedPem create(Path dir) throws Exception {
        Path ks = dir.resolve("tls.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "sd", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        PrivateKey pk = (PrivateKey) store.getKey("sd", "changeit".toCharArray());
        Certificate c = store.getCertificate("sd");
        Path certFile = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", c.getEncoded()));
        Path keyFile = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", pk.getEncoded()));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("sd", c);
        return new SelfSignedPem(certFile, keyFile, trust);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

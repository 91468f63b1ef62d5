package io.gatewaysync.testsupport;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A private certificate authority and certificates it signed, made with the JDK's {@code keytool}
 * (no extra library): a server certificate for {@code localhost}/127.0.0.1, one for another host
 * name (to see host-name verification at work), and a client certificate for mutual TLS. Every
 * store is PKCS12 with the password {@link #PASSWORD}; {@code trust.p12} (and {@code trust.jks})
 * hold only the CA.
 */
public final class TestCertificates {

    public static final String PASSWORD = "st0re-pass";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    public static TestCertificates create(Path dir) {
        TestCertificates c = new TestCertificates(dir);
        c.make();
        return c;
    }

    public Path ca() {
        return dir.resolve("ca.p12");
    }

    public Path trustStore() {
        return dir.resolve("trust.p12");
    }

    public Path trustStoreJks() {
        return dir.resolve("trust.jks");
    }

    public Path server() {
        return dir.resolve("server.p12");
    }

    public Path otherHost() {
        return dir.resolve("other.p12");
    }

    public Path client() {
        return dir.resolve("client.p12");
    }

    private void make() {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=gateway-sync test CA",
                "-ext", "bc:c", "-validity", "3", "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-file", "ca.pem");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.jks",
                "-storetype", "JKS", "-storepass", PASSWORD);
        signed("server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", "serverAuth");
        signed("other", "CN=elsewhere.example", "SAN=dns:elsewhere.example", "serverAuth");
        signed("client", "CN=gateway-sync client", null, "clientAuth");
    }

    private void signed(String name, String dname, String san, String eku) {
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", dname, "-validity", "3",
                "-keystore", name + ".p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-certreq", "-alias", name, "-keystore", name + ".p12", "-storepass", PASSWORD, "-file", name + ".csr");
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12",
                "-storepass", PASSWORD, "-infile", name + ".csr", "-outfile", name + ".pem", "-validity", "3",
                "-ext", "eku=" + eku));
        if (san != null) {
            gencert.addAll(List.of("-ext", san));
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", name + ".p12",
                "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", name, "-file", name + ".pem", "-keystore", name + ".p12",
                "-storepass", PASSWORD);
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("keytool cannot run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A server-side SSLContext: the key of {@code keyStore}; client certificates checked against the CA. */
    public SSLContext serverContext(Path keyStore) {
        try {
            KeyStore ks = load(keyStore);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(trustStore()));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }
}

package io.gatewaysync.source.http;

import io.gatewaysync.source.Listings;
import io.gatewaysync.source.SourceClient;
import io.gatewaysync.source.SourceException;
import io.gatewaysync.source.SourceListing;
import io.gatewaysync.source.SourceSettings;

import com.sun.net.httpserver.HttpServer;
import io.gatewaysync.testsupport.HttpsSource;
import io.gatewaysync.testsupport.TestCertificates;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS per source (a private CA through the trust store, PKCS12 and JKS; mutual TLS with a client
 * certificate; host-name verification on) and the HTTP proxy per source and from the JVM's
 * standard proxy properties. Real HTTPS servers and a real forward proxy on loopback; the
 * certificates are made by keytool for each run.
 */
class TlsAndProxyTest {

    @TempDir
    static Path certs;
    static TestCertificates ca;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.create(certs);
    }

    static SourceSettings settings(String url) {
        return SourceSettings.of("secure", url).withRetry(Listings.FAST).withTimeout(Duration.ofSeconds(5));
    }

    static HttpAccess access(String... pairs) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            p.put(pairs[i], pairs[i + 1]);
        }
        return HttpAccess.from(p, "");
    }

    static List<String> ids(SourceSettings settings, HttpAccess access) {
        try (SourceClient client = new SourceClient(null, settings, access); SourceListing listing = client.listing()) {
            List<String> ids = new ArrayList<>();
            while (listing.hasNext()) {
                listing.next().objects().forEach(o -> ids.add(o.id()));
            }
            return ids;
        }
    }

    @Test
    void aPrivateCaFailsClearlyWithoutTheTrustStoreAndWorksWithIt() {
        try (HttpsSource https = new HttpsSource(ca.serverContext(ca.server()), false)) {
            SourceException e = assertThrows(SourceException.class, () -> ids(settings(https.url("localhost")), HttpAccess.NONE));
            assertTrue(e.getMessage().startsWith("source 'secure': GET " + https.url("localhost") + ": TLS handshake failed"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("set trustStore"), e.getMessage());
            assertFalse(e.transientFault(), "a certificate problem does not go away by retrying");
            assertEquals(0, https.clients().size());

            assertEquals(List.of("1", "2", "3"), ids(settings(https.url("localhost")),
                    access("trustStore", ca.trustStore().toString(), "trustStorePassword", TestCertificates.PASSWORD)));
            assertEquals(List.of("1", "2", "3"), ids(settings(https.url("127.0.0.1")),
                    access("trustStore", ca.trustStoreJks().toString(), "trustStorePassword", TestCertificates.PASSWORD)));
        }
    }

    @Test
    void hostNameVerificationStaysOn() {
        // Trusted CA, but the certificate names another host.
        try (HttpsSource https = new HttpsSource(ca.serverContext(ca.otherHost()), false)) {
            SourceException e = assertThrows(SourceException.class, () -> ids(settings(https.url("localhost")),
                    access("trustStore", ca.trustStore().toString(), "trustStorePassword", TestCertificates.PASSWORD)));
            assertTrue(e.getMessage().contains("TLS"), e.getMessage());
            assertTrue(e.getMessage().toLowerCase().contains("localhost"), "names the host that did not match: " + e.getMessage());
        }
    }

    @Test
    void mutualTlsPresentsTheClientCertificate() {
        try (HttpsSource https = new HttpsSource(ca.serverContext(ca.server()), true)) {
            SourceException e = assertThrows(SourceException.class, () -> ids(settings(https.url("localhost")),
                    access("trustStore", ca.trustStore().toString(), "trustStorePassword", TestCertificates.PASSWORD)));
            assertTrue(e.getMessage().contains("source 'secure': GET " + https.url("localhost")), e.getMessage());

            assertEquals(List.of("1", "2", "3"), ids(settings(https.url("localhost")),
                    access("trustStore", ca.trustStore().toString(), "trustStorePassword", TestCertificates.PASSWORD,
                            "keyStore", ca.client().toString(), "keyStorePassword", TestCertificates.PASSWORD)));
            assertTrue(https.clients().contains("CN=gateway-sync client"), https.clients().toString());
        }
    }

    @Test
    void anUnreadableStoreIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> access("trustStore", certs.resolve("missing.p12").toString()));
        assertTrue(e.getMessage().startsWith("parameter 'trustStore': file '"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> access("proxy", "proxy.example:3128"));
        assertTrue(e.getMessage().contains("allowed: http://host:port"), e.getMessage());
        // Credentials in a proxy URL (as in HTTP_PROXY) are refused without being shown, malformed or not.
        for (String proxy : new String[]{"http://anna:pr0xy-s3cret@proxy.example:3128", "http://anna:pr0xy-s3cret@proxy.example"}) {
            e = assertThrows(IllegalArgumentException.class, () -> access("proxy", proxy));
            assertFalse(e.getMessage().contains("pr0xy-s3cret"), e.getMessage());
            assertTrue(e.getMessage().contains("allowed: http://host:port"), e.getMessage());
        }
    }

    /** A forward HTTP proxy: takes absolute-form requests, relays them with java.net.http, logs what it relayed. */
    static final class ForwardProxy implements AutoCloseable {
        final HttpServer server;
        final List<String> relayed = new CopyOnWriteArrayList<>();
        final HttpClient client = HttpClient.newHttpClient();

        ForwardProxy() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ex -> {
                try (ex) {
                    URI target = ex.getRequestURI();
                    if (target.getScheme() == null) {
                        ex.sendResponseHeaders(400, -1);
                        return;
                    }
                    relayed.add(ex.getRequestMethod() + " " + target);
                    if (target.getHost().endsWith(".test")) { // a name only this proxy knows: loopback
                        target = URI.create(target.toString().replace(target.getHost(), "127.0.0.1"));
                    }
                    HttpRequest.Builder b = HttpRequest.newBuilder(target);
                    ex.getRequestHeaders().forEach((name, values) -> {
                        if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Accept")) {
                            values.forEach(v -> b.header(name, v));
                        }
                    });
                    HttpResponse<byte[]> r = client.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                    r.headers().map().forEach((name, values) -> {
                        if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding")
                                && !name.startsWith(":")) {
                            values.forEach(v -> ex.getResponseHeaders().add(name, v));
                        }
                    });
                    ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
                    ex.getResponseBody().write(r.body());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void aProxyPerSource() throws Exception {
        try (TestSource src = TestSource.start(); ForwardProxy proxy = new ForwardProxy()) {
            src.generate("pets", 5);
            src.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 2);
            assertEquals(Listings.ids(5), ids(Listings.settings(src, "pets"), access("proxy", "http://127.0.0.1:" + proxy.port())));
            assertEquals(3, proxy.relayed.size(), proxy.relayed.toString());
            assertTrue(proxy.relayed.get(0).startsWith("GET " + src.url("pets")), proxy.relayed.toString());
            assertEquals(3, src.requestCount("GET"));

            proxy.relayed.clear();
            assertEquals(Listings.ids(5), ids(Listings.settings(src, "pets"), HttpAccess.NONE));
            assertEquals(List.of(), proxy.relayed, "without the parameter: straight to the source");
        }
    }

    @Test
    void theJvmProxyPropertiesAreHonoured() throws Exception {
        String[] keys = {"http.proxyHost", "http.proxyPort", "http.nonProxyHosts"};
        Map<String, String> saved = new HashMap<>();
        for (String k : keys) {
            saved.put(k, System.getProperty(k));
        }
        try (TestSource src = TestSource.start(); ForwardProxy proxy = new ForwardProxy()) {
            src.generate("pets", 3);
            src.style("pets", TestSource.Style.NONE);
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", Integer.toString(proxy.port()));
            System.setProperty("http.nonProxyHosts", "example.invalid");
            // The JVM never proxies loopback addresses, so the source goes by a name that only the proxy resolves.
            String viaName = src.url("pets").replace("127.0.0.1", "source.test");
            assertEquals(Listings.ids(3), ids(settings(viaName), HttpAccess.NONE));
            assertEquals(List.of("GET " + viaName), proxy.relayed);

            System.setProperty("http.nonProxyHosts", "*.test");
            proxy.relayed.clear();
            assertThrows(SourceException.class, () -> ids(settings(viaName).withRetry(RetryPolicy.NONE), HttpAccess.NONE),
                    "http.nonProxyHosts: straight to a name that does not resolve");
            assertEquals(List.of(), proxy.relayed);
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }
}

package io.gatewaysync.testsupport;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An HTTPS source on loopback with a certificate from {@link TestCertificates}: {@code GET /pets}
 * answers a JSON array of three pets. With {@code needClientAuth} the TLS handshake requires a client
 * certificate signed by the test CA; {@link #clients()} lists the subjects that were presented.
 */
public final class HttpsSource implements AutoCloseable {

    private final HttpsServer server;
    private final List<String> clients = new CopyOnWriteArrayList<>();

    public HttpsSource(SSLContext context, boolean needClientAuth) {
        try {
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                javax.net.ssl.SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(ssl);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "https-source");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/pets", ex -> {
            try (ex) {
                try {
                    clients.add(((HttpsExchange) ex).getSSLSession().getPeerPrincipal().getName());
                } catch (SSLPeerUnverifiedException none) {
                    clients.add("-");
                }
                byte[] body = "[{\"id\":\"1\",\"name\":\"Rex\"},{\"id\":\"2\",\"name\":\"Tom\"},{\"id\":\"3\",\"name\":\"Kit\"}]"
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        server.start();
    }

    /** {@code https://{host}:PORT/pets}; host {@code localhost} or {@code 127.0.0.1} (both in the certificate). */
    public String url(String host) {
        return "https://" + host + ":" + server.getAddress().getPort() + "/pets";
    }

    public List<String> clients() {
        return clients;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

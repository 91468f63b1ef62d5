package io.gatewaysync.source.http;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.support.service.ServiceHelper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one camel-http (Apache HttpClient 5) producer endpoint of one source or remote gateway. Every
 * request goes through it; its URL comes per call in the {@code CamelHttpUri} header, so there is one
 * endpoint (one connection pool, one TLS set-up, one proxy) per source, never one per URL or id.
 *
 * <p>The endpoint is configured once: {@code throwExceptionOnFailure=false} (the caller decides what a
 * status means), no redirects (followed by {@link HttpRequester} for GET only, so that credentials
 * never follow a redirect to another origin), connect and response timeouts, the JVM's proxy
 * properties ({@code useSystemProperties}) unless a {@code proxy} is set, and TLS through Camel's
 * {@link SSLContextParameters} when a trust store or key store is given (host-name verification stays
 * on: HttpClient's default verifier). HttpClient's own retries are off: {@link HttpRequester} retries,
 * since whether a POST may be repeated depends on what the engine knows about the request.
 *
 * <p>The endpoint is made from an {@code HttpComponent} of its own and is not added to the context, so it
 * shows in no endpoint registry or JMX listing; its URI carries no credential anyway (the TLS
 * passwords live in a registry bean referred to by name).
 */
public final class CamelHttpClient implements AutoCloseable {

    private static final AtomicInteger BEANS = new AtomicInteger();
    private static CamelContext standalone;

    /** Responses up to this size are read straight into one array of their Content-Length. */
    static final int IN_MEMORY_LIMIT = 64 * 1024 * 1024;

    private final CamelContext context;
    private final HttpComponent component;
    private final HttpEndpoint endpoint;
    private final Producer producer;
    private final String tlsBean;

    /**
     * @param context     the engine's context, or {@code null} for the JVM's standalone one (tests, the
     *                    benchmark's raw read), started once and shared, so a client costs no context start-up
     * @param name        what the endpoint is for, e.g. {@code source-pets} (names the TLS bean)
     * @param base        any URL of the service; only its scheme, host and port are used
     * @param connections the largest number of requests in flight at once
     */
    public CamelHttpClient(CamelContext context, String name, URI base, HttpAccess access, Duration timeout,
                           int connections) {
        this.context = context == null ? standalone() : context;
        try {
            long ms = timeout.toMillis();
            int pool = Math.max(2, connections + 1); // +1: the page prefetch or a token request
            StringBuilder uri = new StringBuilder(base.getScheme()).append("://").append(base.getRawAuthority())
                    .append("?throwExceptionOnFailure=false&followRedirects=false&useSystemProperties=true")
                    .append("&copyHeaders=false")
                    .append("&connectTimeout=").append(ms).append("&responseTimeout=").append(ms)
                    .append("&soTimeout=").append(ms).append("&connectionRequestTimeout=").append(ms)
                    .append("&connectionsPerRoute=").append(pool).append("&maxTotalConnections=").append(pool * 4);
            if (access.tls()) {
                tlsBean = "gatewaySyncTls-" + name + "-" + BEANS.incrementAndGet();
                this.context.getRegistry().bind(tlsBean, SSLContextParameters.class, tls(access));
                uri.append("&sslContextParameters=#").append(tlsBean);
            } else {
                tlsBean = null;
            }
            if (access.proxy() != null) {
                uri.append("&proxyHost=").append(access.proxy().getHost()).append("&proxyPort=")
                        .append(access.proxy().getPort()).append("&proxyAuthScheme=http");
            }
            // A component of its own, not the context's "http": its settings concern these calls only.
            // No HttpClient retries (HttpRequester retries), no cookies (a source's cookies are not
            // session state to keep between runs), and a page read into one array of its
            // Content-Length instead of being copied through a stream cache. Each response's head is
            // acknowledged at once (QuickAck: no 40 ms delayed-ACK stall on servers that send the body apart).
            component = new HttpComponent();
            component.setCamelContext(this.context);
            component.setAutomaticRetriesDisabled(true);
            component.setCookieManagementDisabled(true);
            component.setResponsePayloadStreamingThreshold(IN_MEMORY_LIMIT);
            component.setHttpClientConfigurer(builder -> builder.setRequestExecutor(QuickAck.requestExecutor()));
            ServiceHelper.startService(component);
            endpoint = (HttpEndpoint) component.createEndpoint(uri.toString());
            ServiceHelper.startService(endpoint);
            producer = endpoint.createProducer();
            ServiceHelper.startService(producer);
        } catch (Exception e) {
            throw new IllegalStateException(name + ": the HTTP client cannot be set up: " + e.getMessage(), e);
        }
    }

    private static SSLContextParameters tls(HttpAccess access) {
        SSLContextParameters p = new SSLContextParameters();
        if (access.trustStore() != null) {
            TrustManagersParameters tm = new TrustManagersParameters();
            tm.setKeyStore(store(access.trustStore(), access.trustStorePassword()));
            p.setTrustManagers(tm);
        }
        if (access.keyStore() != null) {
            KeyManagersParameters km = new KeyManagersParameters();
            km.setKeyStore(store(access.keyStore(), access.keyStorePassword()));
            km.setKeyPassword(access.keyStorePassword());
            p.setKeyManagers(km);
        }
        return p;
    }

    private static KeyStoreParameters store(String file, String password) {
        KeyStoreParameters ks = new KeyStoreParameters();
        ks.setResource("file:" + Path.of(file).toAbsolutePath());
        ks.setPassword(password);
        ks.setType(file.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12");
        return ks;
    }

    /**
     * Sends one request and reads the whole response.
     *
     * @param headers request headers (credentials included by the caller)
     * @param body    the request body, or {@code null}
     * @throws IOException when no response arrived (refused, timed out, TLS failure, cut off, ...)
     */
    public HttpReply call(String method, URI uri, Map<String, String> headers, byte[] body) throws IOException {
        Exchange exchange = new DefaultExchange(context);
        Message in = exchange.getIn();
        in.setHeader(Exchange.HTTP_METHOD, method);
        in.setHeader(Exchange.HTTP_URI, uri.toString());
        headers.forEach(in::setHeader);
        if (body != null) {
            in.setBody(body);
        }
        try {
            producer.process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        if (failure != null) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof IOException io) {
                    throw io;
                }
            }
            throw new IOException(failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure);
        }
        Message out = exchange.getMessage();
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        byte[] bytes = out.getBody(byte[].class);
        return new HttpReply(uri, status == null ? 0 : status, headers(out), bytes == null ? new byte[0] : bytes);
    }

    private static HttpHeaders headers(Message out) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        out.getHeaders().forEach((name, value) -> {
            if (name.startsWith("Camel") || value == null) {
                return;
            }
            List<String> values = map.computeIfAbsent(name, k -> new ArrayList<>());
            if (value instanceof Iterable<?> many) {
                many.forEach(v -> values.add(String.valueOf(v)));
            } else {
                values.add(String.valueOf(value));
            }
        });
        return HttpHeaders.of(map, (a, b) -> true);
    }

    @Override
    public void close() {
        ServiceHelper.stopAndShutdownServices(producer, endpoint, component);
        if (tlsBean != null) {
            context.getRegistry().unbind(tlsBean);
        }
    }

    /** A Camel context without routes for the clients made outside the engine, for the life of the JVM. */
    private static synchronized CamelContext standalone() {
        if (standalone == null) {
            DefaultCamelContext c = new DefaultCamelContext();
            c.getCamelContextExtension().setName("gateway-sync-standalone-http");
            c.start();
            standalone = c;
        }
        return standalone;
    }
}

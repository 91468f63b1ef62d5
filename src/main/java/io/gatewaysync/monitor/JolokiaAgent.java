package io.gatewaysync.monitor;

import io.gatewaysync.run.ConfigurationException;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.jolokia.server.core.service.api.LogHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Jolokia JVM agent's HTTP server ({@code jolokia.enabled}), so that hawtio and other Jolokia
 * clients see Camel's MBeans and the engine's ({@code gateway-sync:type=source,…}) over HTTP at
 * {@code /jolokia}. Loopback unless {@code jolokia.host} says otherwise; HTTP Basic with
 * {@code jolokia.user} / {@code jolokia.password} (environment {@code JOLOKIA_USER} /
 * {@code JOLOKIA_PASSWORD}), and never started without them. An access policy allows the requests a
 * console needs (read, list, search, version, exec, write; GET and POST) and browsers only from
 * {@code jolokia.cors-origins}.
 */
public final class JolokiaAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaAgent.class);
    /** Listed as the only CORS origin when none is configured: Jolokia allows every origin without a list. */
    static final String NO_BROWSER_ORIGIN = "http://no-browser-origin.invalid";
    /** What Runtime.removeShutdownHook throws once the JVM shuts down (java.lang.ApplicationShutdownHooks). */
    private static final String SHUTDOWN_IN_PROGRESS = "Shutdown in progress";

    private final JolokiaServer server;
    private final Path policy;

    private JolokiaAgent(JolokiaServer server, Path policy) {
        this.server = server;
        this.policy = policy;
    }

    /** Checked settings: read before anything starts, so that a bad one stops the engine at once. */
    public record Settings(String host, String port, String user, String password, List<String> origins) {
        @Override
        public String toString() {
            return "Settings[host=" + host + ", port=" + port + ", origins=" + origins + "]"; // no credentials
        }
    }

    /** The settings when {@code jolokia.enabled=true}, else null; a missing credential is a configuration error. */
    public static Settings settings(PropertiesComponent properties) {
        String enabled = text(properties, "jolokia.enabled", "false");
        if (!enabled.equalsIgnoreCase("true")) {
            if (!enabled.equalsIgnoreCase("false")) {
                throw new ConfigurationException("property 'jolokia.enabled' has invalid value '" + enabled
                        + "'; allowed: true, false");
            }
            return null;
        }
        String user = text(properties, "jolokia.user", "");
        String password = text(properties, "jolokia.password", "");
        if (user.isEmpty() || password.isEmpty()) {
            throw new ConfigurationException("jolokia.enabled=true needs credentials: set jolokia.user and jolokia.password "
                    + "(or the environment variables JOLOKIA_USER and JOLOKIA_PASSWORD); Jolokia is never open without them");
        }
        String host = text(properties, "jolokia.host", "127.0.0.1");
        String port = text(properties, "jolokia.port", "8778");
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new ConfigurationException("property 'jolokia.port' has invalid value '" + port
                    + "'; allowed: a port number 1-65535 (0: any free port)");
        }
        return new Settings(host, port, user, password, origins(text(properties, "jolokia.cors-origins", "")));
    }

    /**
     * Starts the agent once the context is fully started (the MBeans it shows are registered, the
     * sources' among them) and stops it with the context.
     */
    public static void startWith(CamelContext context, Settings settings) {
        try {
            context.addService(new ServiceSupport() {
                private JolokiaAgent agent;

                @Override
                protected void doStop() {
                    if (agent != null) {
                        agent.close();
                        agent = null;
                    }
                }

                {
                    context.addStartupListener(new StartupListener() {
                        @Override
                        public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                            // the sources' MBeans are registered once fully started
                        }

                        @Override
                        public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                            if (jvmStopping()) {
                                // SIGTERM between the HTTP server's start and this moment: the engine is on its
                                // way down, and Jolokia (which registers a JVM hook) cannot start any more.
                                LOG.info("jolokia: not started, the engine is stopping");
                                return;
                            }
                            agent = JolokiaAgent.start(settings);
                            ctx.getRegistry().bind("jolokiaAgent", agent);
                        }
                    });
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** True once the JVM runs its shutdown hooks (SIGTERM, System.exit): no hook can be added any more. */
    static boolean jvmStopping() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** Starts the agent's HTTP server. */
    public static JolokiaAgent start(Settings settings) {
        String host = settings.host();
        String port = settings.port();
        List<String> origins = settings.origins();
        Path policy = writePolicy(origins);
        Map<String, String> config = new HashMap<>();
        config.put("host", host);
        config.put("port", port);
        config.put("agentContext", "/jolokia");
        config.put("user", settings.user());
        config.put("password", settings.password());
        config.put("realm", "gateway-sync");
        config.put("policyLocation", policy.toUri().toString());
        config.put("discoveryEnabled", "false");
        config.put("includeStackTrace", "false");
        config.put("executor", "fixed");
        config.put("threadNr", "4");
        try {
            JolokiaServer server = new JolokiaServer(new JolokiaServerConfig(config), new Slf4jLog());
            server.start();
            LOG.info("jolokia: {} (HTTP Basic; CORS: {})", server.getUrl(),
                    origins.isEmpty() ? "no browser origin" : String.join(", ", origins));
            return new JolokiaAgent(server, policy);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(policy);
            // The message names host and port, never the credentials.
            throw new ConfigurationException("jolokia could not start on " + host + ":" + port + ": " + e.getMessage());
        }
    }

    /** The agent's URL, e.g. {@code http://127.0.0.1:8778/jolokia/}. */
    public String url() {
        return server.getUrl();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IllegalStateException e) {
            if (!SHUTDOWN_IN_PROGRESS.equals(e.getMessage())) {
                throw e;
            }
            // A SIGTERM stop: the JVM's hooks already run, so JolokiaServer.stop cannot remove its own
            // hook (after stopping its services); that hook (CleanupThread) closes the HTTP server itself.
            LOG.debug("jolokia: stopped; its shutdown hook closes the HTTP server");
        } finally {
            deleteQuietly(policy);
        }
    }

    static List<String> origins(String value) {
        List<String> origins = new ArrayList<>();
        for (String part : value.split(",")) {
            String origin = part.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (!origin.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
                throw new ConfigurationException("property 'jolokia.cors-origins' has invalid origin '" + origin
                        + "'; allowed: comma-separated origins such as http://localhost:8080 (scheme, host, port; no path)");
            }
            origins.add(origin);
        }
        return origins;
    }

    /**
     * The access policy. No {@code <strict-checking/>}: Jolokia 2.4 then refuses every request without an
     * Origin header (curl, Java clients), not only cross-origin ones.
     */
    static String policy(List<String> origins) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<restrict>\n");
        xml.append("  <http><method>get</method><method>post</method></http>\n");
        xml.append("  <commands>");
        for (String command : List.of("read", "list", "search", "version", "exec", "write")) {
            xml.append("<command>").append(command).append("</command>");
        }
        xml.append("</commands>\n  <cors>\n");
        for (String origin : origins.isEmpty() ? List.of(NO_BROWSER_ORIGIN) : origins) {
            xml.append("    <allow-origin>").append(origin).append("</allow-origin>\n");
        }
        return xml.append("  </cors>\n</restrict>\n").toString();
    }

    private static Path writePolicy(List<String> origins) {
        try {
            Path file = Files.createTempFile("gateway-sync-jolokia-policy", ".xml");
            file.toFile().deleteOnExit();
            Files.writeString(file, policy(origins), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("writing the Jolokia access policy", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("could not delete {}", file, e);
        }
    }

    private static String text(PropertiesComponent properties, String key, String fallback) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(fallback);
    }

    /** Jolokia's own log lines into the engine's log. */
    private static final class Slf4jLog implements LogHandler {
        private static final Logger JOLOKIA = LoggerFactory.getLogger("org.jolokia");

        @Override
        public void debug(String message) {
            JOLOKIA.debug(message);
        }

        @Override
        public void info(String message) {
            JOLOKIA.info(message);
        }

        @Override
        public void error(String message, Throwable t) {
            JOLOKIA.error(message, t);
        }

        @Override
        public boolean isDebug() {
            return JOLOKIA.isDebugEnabled();
        }
    }
}

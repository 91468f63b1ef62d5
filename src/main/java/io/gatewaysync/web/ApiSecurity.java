package io.gatewaysync.web;

import io.gatewaysync.run.ConfigurationException;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Secure by default: where the HTTP server binds ({@code gateway.host}) and who may call it
 * ({@code gateway.api-keys}).
 * <ul>
 *   <li>No keys: the server binds 127.0.0.1 and every local client may call everything (the README's
 *       first command keeps working). A non-loopback {@code gateway.host} without keys stops the start,
 *       unless {@code gateway.allow-anonymous=true}, which is warned about at every start.</li>
 *   <li>Keys: the server binds 0.0.0.0 unless {@code gateway.host} says otherwise, and every request
 *       passes {@link ApiGuard}.</li>
 * </ul>
 * The guard goes in through Camel's own authentication hook of the platform-http (Vert.x) server,
 * {@link AuthenticationConfig}: its entries are put on the router before the server listens and before
 * any route, health or metrics handler. Camel's built-in configurers offer HTTP Basic (a properties file)
 * and JWT, with one check for a whole path: neither knows API keys nor roles per path and method, so the
 * entry's handler is ours.
 */
public final class ApiSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(ApiSecurity.class);

    private final ApiKeys keys;
    private final String host;

    private ApiSecurity(ApiKeys keys, String host) {
        this.keys = keys;
        this.host = host;
    }

    /** Before Camel configures its HTTP server: checks the keys and the binding, sets {@code camel.server.host}. */
    public static ApiSecurity configure(PropertiesComponent properties) {
        ApiKeys keys = ApiKeys.parse(properties.resolveProperty("gateway.api-keys").orElse(""));
        String host = properties.resolveProperty("gateway.host").map(String::trim).filter(h -> !h.isEmpty())
                .orElse(keys.isEmpty() ? "127.0.0.1" : "0.0.0.0");
        String anonymous = properties.resolveProperty("gateway.allow-anonymous").orElse("false").trim();
        if (!anonymous.equalsIgnoreCase("true") && !anonymous.equalsIgnoreCase("false")) {
            throw new ConfigurationException("property 'gateway.allow-anonymous' has invalid value '" + anonymous
                    + "'; allowed: true, false");
        }
        if (keys.isEmpty() && !loopback(host)) {
            if (!Boolean.parseBoolean(anonymous.toLowerCase())) {
                throw new ConfigurationException("property 'gateway.host' is '" + host + "', which is reachable from "
                        + "other machines, but no API key is configured: set gateway.api-keys (environment "
                        + "GATEWAY_API_KEYS, e.g. read:<key>,admin:<key>), or bind to 127.0.0.1, or set "
                        + "gateway.allow-anonymous=true to open the API to everyone who reaches the port");
            }
            LOG.warn("gateway.allow-anonymous=true: the gateway API, /api/_synchronizations and the metrics on {} are "
                    + "open to anyone who reaches the port; set gateway.api-keys to require keys", host);
        }
        if (!keys.isEmpty()) {
            // Camel's property summary (logged after this) masks only names Camel knows as secrets.
            for (String summary : new String[]{"camel.main.auto-configuration-log-summary",
                    "camel.main.autoConfigurationLogSummary"}) {
                if (properties.resolveProperty(summary).map(v -> v.trim().equalsIgnoreCase("true")).orElse(false)) {
                    throw new ConfigurationException("property '" + summary + "' is 'true', which would log "
                            + "gateway.api-keys in clear (Camel masks only the names it knows as secrets); "
                            + "allowed with API keys: false");
                }
            }
        }
        properties.addOverrideProperty("camel.server.host", host);
        // Health and metrics on a port of their own (camel.management.port) follow the same rule.
        properties.addOverrideProperty("camel.management.host", host);
        return new ApiSecurity(keys, host);
    }

    /**
     * After Camel configured its HTTP servers, before they start: the guard goes first on the router of
     * the main server and, should health and metrics get a port of their own, of the management server
     * (no automated test; checked by hand with camel.management.port=8093: the engine starts, binds
     * gateway.host on both ports, and /observe/metrics there answers 401 without a key, 200 with one).
     */
    public void install(CamelContext context) {
        ApiGuard guard = new ApiGuard(context, keys);
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (server != null) {
            guard(server.getConfiguration().getAuthenticationConfig(), guard);
        }
        ManagementHttpServer management = context.hasService(ManagementHttpServer.class);
        if (management != null && management.getConfiguration() != null) {
            guard(management.getConfiguration().getAuthenticationConfig(), guard);
        }
        LOG.info("gateway API on {}: {}", host, keys.isEmpty() ? "no API keys (loopback or gateway.allow-anonymous)"
                : keys.size() + " API key(s); /observe/health and /demo are open");
    }

    private static void guard(AuthenticationConfig config, ApiGuard guard) {
        AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
        entry.setPath("/*");
        entry.setAuthenticationProviderFactory(vertx -> null); // the guard checks keys itself (ApiKeys)
        entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends io.vertx.ext.auth.authentication.AuthenticationProvider>
                    io.vertx.ext.web.handler.AuthenticationHandler createAuthenticationHandler(T provider) {
                return guard;
            }
        });
        config.getEntries().add(0, entry);
        config.setEnabled(true);
    }

    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigurationException("property 'gateway.host' has invalid value '" + host
                    + "': unknown host; allowed: an address or name of this machine, e.g. 127.0.0.1 or 0.0.0.0");
        }
    }
}

package io.gatewaysync.engine;

import io.gatewaysync.run.ConfigurationException;
import org.apache.camel.spi.PropertiesComponent;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Before anything listens: each port the engine is to listen on must be free. Vert.x reports a taken
 * port only on its event loop (a WARN, then an ERROR with a 35-line BindException), and Camel starts
 * anyway without its HTTP server: a {@code --once} next to a running engine then synced through the
 * other engine's demo source and exited 0. So the start stops here, with one line, exit code 2.
 * (A port taken between this check and the bind still gets Vert.x's own report.)
 */
final class ListenPorts {

    private ListenPorts() {
    }

    /** The HTTP server's port ({@code gateway.port}), the management port if it is another, Jolokia's. */
    static void check(PropertiesComponent properties, String jolokiaHost, String jolokiaPort) {
        String host = text(properties, "camel.server.host", "0.0.0.0");
        String port = text(properties, "camel.server.port", "0");
        if (flag(properties, "camel.server.enabled")) {
            free("gateway.port", host, port);
        }
        String managementPort = text(properties, "camel.management.port", port);
        if (flag(properties, "camel.management.enabled") && !managementPort.equals(port)) {
            free("camel.management.port", text(properties, "camel.management.host", host), managementPort);
        }
        if (jolokiaPort != null) {
            free("jolokia.port", jolokiaHost, jolokiaPort);
        }
    }

    static void free(String property, String host, String portText) {
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            return; // a bad number is reported by the property's own check
        }
        if (port == 0) {
            return; // any free port
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as Vert.x and Jolokia bind: a port in TIME_WAIT is free
            socket.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            if (e.getMessage() != null && e.getMessage().contains("in use")) {
                throw new ConfigurationException(property + " " + port + " on " + host + " is in use (another "
                        + "gateway-sync engine or another program listens there): nothing was started and nothing "
                        + "synced; stop the other one, or set another port, e.g. -D" + property + "="
                        + (port < 65535 ? port + 1 : 8080));
            }
            throw cannotListen(property, host, port, e); // e.g. an address of another machine
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            throw cannotListen(property, host, port, e); // e.g. a host name that does not resolve
        }
    }

    private static ConfigurationException cannotListen(String property, String host, int port, Exception e) {
        return new ConfigurationException(property + " " + port + " cannot be listened on at '" + host + "' ("
                + e.getMessage() + "; the host must be an address or name of this machine, e.g. 127.0.0.1 or "
                + "0.0.0.0): nothing was started and nothing synced");
    }

    private static String text(PropertiesComponent properties, String key, String fallback) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(fallback);
    }

    private static boolean flag(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(v -> v.trim().equalsIgnoreCase("true")).orElse(false);
    }
}

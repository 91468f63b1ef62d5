package io.gatewaysync.engine;

import io.gatewaysync.run.ConfigurationException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each port the engine listens on is checked before anything binds: a taken one names its property. */
class ListenPortsTest {

    @Test
    void aTakenPortNamesItsPropertyAndAFreeOneOrZeroPasses() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            ConfigurationException gateway = assertThrows(ConfigurationException.class,
                    () -> ListenPorts.check(properties("camel.server.enabled", "true", "camel.server.host", "127.0.0.1",
                            "camel.server.port", Integer.toString(port)), null, null));
            assertTrue(gateway.getMessage().startsWith("gateway.port " + port + " on 127.0.0.1 is in use"), gateway.getMessage());
            ConfigurationException management = assertThrows(ConfigurationException.class,
                    () -> ListenPorts.check(properties("camel.server.enabled", "false", "camel.server.port", "0",
                            "camel.management.enabled", "true", "camel.management.host", "127.0.0.1",
                            "camel.management.port", Integer.toString(port)), null, null));
            assertTrue(management.getMessage().startsWith("camel.management.port " + port), management.getMessage());
            ConfigurationException jolokia = assertThrows(ConfigurationException.class,
                    () -> ListenPorts.check(properties("camel.server.enabled", "false"), "127.0.0.1", Integer.toString(port)));
            assertTrue(jolokia.getMessage().startsWith("jolokia.port " + port) && jolokia.getMessage().contains("nothing synced"),
                    jolokia.getMessage());
            // The HTTP server off (a --once without the demo): its port is not looked at.
            assertDoesNotThrow(() -> ListenPorts.check(properties("camel.server.enabled", "false", "camel.server.host",
                    "127.0.0.1", "camel.server.port", Integer.toString(port)), null, null));
        }
        assertDoesNotThrow(() -> ListenPorts.check(properties("camel.server.enabled", "true", "camel.server.host", "127.0.0.1",
                "camel.server.port", "0"), "127.0.0.1", "0"));
    }

    @Test
    void anAddressOfAnotherMachineOrAnUnknownNameIsNotCalledInUse() {
        // 203.0.113.254 (TEST-NET-3, documentation only) is no address of this machine: "Cannot assign requested address".
        for (String host : new String[]{"203.0.113.254", "no-such-host.invalid"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> ListenPorts.check(properties("camel.server.enabled", "false"), host, "18779"));
            assertTrue(e.getMessage().startsWith("jolokia.port 18779 cannot be listened on at '" + host + "'")
                    && !e.getMessage().contains("in use"), e.getMessage());
        }
    }

    static PropertiesComponent properties(String... pairs) {
        Properties values = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            values.setProperty(pairs[i], pairs[i + 1]);
        }
        PropertiesComponent properties = new DefaultCamelContext().getPropertiesComponent();
        properties.setInitialProperties(values);
        return properties;
    }
}

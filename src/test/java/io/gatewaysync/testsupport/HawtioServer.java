package io.gatewaysync.testsupport;

import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * hawtio 4 ({@code io.hawt:hawtio-war}, the web application hawtio's standalone and Spring Boot
 * distributions serve) in an embedded Tomcat on loopback: the real hawtio server side, whose Jolokia
 * proxy ({@code /hawtio/proxy/<scheme>/<host>/<port>/<path>}) is how hawtio's Connect tab reaches a
 * remote Jolokia. hawtio's own login is off ({@code hawtio.authenticationEnabled=false}); its proxy
 * allow-list is {@code hawtio.proxyAllowlist} (system properties: hawtio reads them for the whole JVM).
 */
public final class HawtioServer implements AutoCloseable {

    private final Tomcat tomcat;
    private final int port;

    private HawtioServer(Tomcat tomcat, int port) {
        this.tomcat = tomcat;
        this.port = port;
    }

    public static HawtioServer start(Path war, Path baseDir, int port, String proxyAllowlist) throws IOException, LifecycleException {
        System.setProperty("hawtio.authenticationEnabled", "false");
        System.setProperty("hawtio.localAddressProbing", "false"); // only what the allow-list names
        System.setProperty("hawtio.proxyAllowlist", proxyAllowlist);
        Files.createDirectories(baseDir.resolve("webapps"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.addWebapp("/hawtio", war.toString());
        tomcat.start();
        return new HawtioServer(tomcat, port);
    }

    /** hawtio's Jolokia proxy URL for a Jolokia at {@code http://host:port/jolokia}. */
    public String proxy(String host, int jolokiaPort) {
        return "http://127.0.0.1:" + port + "/hawtio/proxy/http/" + host + "/" + jolokiaPort + "/jolokia";
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hawtio/";
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}

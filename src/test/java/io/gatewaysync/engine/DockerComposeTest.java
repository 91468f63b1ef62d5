package io.gatewaysync.engine;

import io.gatewaysync.testsupport.EngineHarness;
import org.apache.camel.util.IOHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * No Docker engine runs here, so docker-compose.yml and the Dockerfile are kept honest by reading
 * them against what the application expects: the property names behind the environment variables,
 * the gateway port, the health URL (asked of a running engine), the working-directory layout, the
 * JMX flags and the jar's name. One test starts a separate JVM with the compose file's environment to
 * prove that Camel really maps SYNC_DB_URL onto sync.db.url.
 */
class DockerComposeTest {

    static Map<String, Object> compose;
    static Map<String, Object> engine;
    static Map<String, Object> postgres;
    static Properties defaults;
    static Properties applicationProperties;
    static String dockerfile;

    @TempDir
    Path dir;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        Load load = new Load(LoadSettings.builder().build());
        compose = (Map<String, Object>) load.loadFromString(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Object> services = map(compose, "services");
        engine = map(services, "engine");
        postgres = map(services, "postgres");
        defaults = new Properties();
        try (InputStream in = DockerComposeTest.class.getResourceAsStream("/gateway-sync-defaults.properties")) {
            defaults.load(in);
        }
        applicationProperties = new Properties();
        try (var reader = Files.newBufferedReader(Path.of("application.properties"))) {
            applicationProperties.load(reader);
        }
        dockerfile = Files.readString(Path.of("Dockerfile"));
    }

    @Test
    void everyEnvironmentVariableOfTheEngineIsAPropertyOfTheApplication() {
        Map<String, String> env = environment(engine);
        assertTrue(env.keySet().containsAll(List.of("SYNC_DB_URL", "SYNC_DB_USER", "SYNC_DB_PASSWORD")), env.toString());
        for (String name : env.keySet()) {
            if (name.equals("JDK_JAVA_OPTIONS")) {
                continue;
            }
            // The inverse of Camel's mapping (IOHelper.lookupEnvironmentVariable): upper case, '.' and '-' to '_'.
            String property = defaults.stringPropertyNames().stream()
                    .filter(key -> IOHelper.normalizeEnvironmentVariable(key).equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " maps to no property in gateway-sync-defaults.properties"));
            assertNotNull(property);
        }
    }

    @Test
    void theDatabaseSettingsPointAtThePostgresService() {
        assertEquals("postgres:16", postgres.get("image"));
        Map<String, String> db = environment(postgres);
        Map<String, String> env = environment(engine);
        Matcher url = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+)").matcher(env.get("SYNC_DB_URL"));
        assertTrue(url.matches(), env.get("SYNC_DB_URL"));
        assertEquals("postgres", url.group(1), "the host is the service name");
        assertEquals("5432", url.group(2));
        assertEquals(db.get("POSTGRES_DB"), url.group(3));
        assertEquals(db.get("POSTGRES_USER"), env.get("SYNC_DB_USER"));
        assertEquals(db.get("POSTGRES_PASSWORD"), env.get("SYNC_DB_PASSWORD"));
        assertTrue(map(map(engine, "depends_on"), "postgres").get("condition").equals("service_healthy"));
    }

    @Test
    void thePublishedPortIsTheGatewayPortAndTheHealthcheckAsksTheReadinessUrl() {
        int gatewayPort = gatewayPort();
        assertTrue(containerPorts(engine).contains(gatewayPort), "gateway.port " + gatewayPort + " published: "
                + engine.get("ports"));
        assertTrue(dockerfile.matches("(?s).*EXPOSE[^\\n]*\\b" + gatewayPort + "\\b.*"), "Dockerfile EXPOSEs " + gatewayPort);
        URI health = healthcheckUrl();
        assertEquals("localhost", health.getHost());
        assertEquals(gatewayPort, health.getPort());
        String healthPath = defaults.getProperty("camel.management.health-path");
        assertEquals(healthPath + "/ready", health.getPath());
        assertEquals("{{gateway.port}}", defaults.getProperty("camel.management.port"), "health is served on gateway.port");
        assertTrue(dockerfile.contains("curl"), "the image has the healthcheck's curl");
    }

    @Test
    void theHealthcheckUrlIsServedByTheEngine() throws Exception {
        String path = healthcheckUrl().getPath();
        try (EngineHarness harness = new EngineHarness(dir).start()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(harness.apiUrl(path))).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), path + ": " + response.body());
        }
    }

    @Test
    void routesAndApplicationPropertiesAreMountedIntoTheWorkingDirectory() {
        Matcher workdir = Pattern.compile("(?m)^WORKDIR\\s+(\\S+)").matcher(dockerfile);
        assertTrue(workdir.find(), "Dockerfile sets WORKDIR");
        String wd = workdir.group(1);
        assertEquals(wd, engine.get("working_dir"));
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : list(engine, "volumes")) {
            String[] parts = volume.toString().split(":");
            mounts.put(parts[1], parts[0]);
        }
        // The engine reads file:application.properties and file:routes/*.yaml relative to its working directory.
        assertTrue(io.gatewaysync.engine.Engine.DEFAULT_LOCATIONS.contains("file:application.properties"));
        assertTrue(defaults.getProperty("camel.main.routes-include-pattern").contains("file:routes/*.yaml"));
        assertEquals("./routes", mounts.get(wd + "/routes"), mounts.toString());
        assertEquals("./application.properties", mounts.get(wd + "/application.properties"), mounts.toString());
        assertTrue(Files.isDirectory(Path.of("routes")));
        assertTrue(Files.isRegularFile(Path.of("application.properties")));
    }

    @Test
    void theImageRunsTheJarThatMavenBuilds() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<finalName>gateway-sync</finalName>"));
        assertTrue(dockerfile.contains("FROM eclipse-temurin:17-jre"));
        assertTrue(dockerfile.contains("COPY target/gateway-sync.jar /app/gateway-sync.jar"));
        assertTrue(dockerfile.contains("\"-jar\", \"/app/gateway-sync.jar\""));
    }

    @Test
    void jmxFlagsMatchThePublishedPortAndCamelJmxIsOn() {
        Map<String, String> flags = javaOptions(environment(engine).get("JDK_JAVA_OPTIONS"));
        String port = flags.get("com.sun.management.jmxremote.port");
        assertNotNull(port, flags.toString());
        assertEquals(port, flags.get("com.sun.management.jmxremote.rmi.port"), "one port for registry and RMI");
        assertTrue(containerPorts(engine).contains(Integer.parseInt(port)), "JMX port published");
        assertTrue(dockerfile.matches("(?s).*EXPOSE[^\\n]*\\b" + port + "\\b.*"), "Dockerfile EXPOSEs the JMX port");
        assertEquals("false", flags.get("com.sun.management.jmxremote.local.only"),
                "connections come from outside the container");
        assertNotNull(flags.get("java.rmi.server.hostname"), "the RMI stub must name an address the client reaches");
        assertNotNull(flags.get("com.sun.management.jmxremote.authenticate"));
        assertNotNull(flags.get("com.sun.management.jmxremote.ssl"));
        if ("false".equals(flags.get("com.sun.management.jmxremote.authenticate"))) {
            // Unauthenticated JMX must not be published on every interface of the host.
            String mapping = ((List<?>) engine.get("ports")).stream().map(Object::toString)
                    .filter(p -> p.endsWith(":" + port)).findFirst().orElseThrow();
            assertTrue(mapping.startsWith("127.0.0.1:"), mapping);
        }
        assertEquals("true", defaults.getProperty("camel.main.jmx-enabled"));
        assertTrue(applicationProperties.getProperty("camel.main.jmx-enabled", "true").equals("true"));
    }

    /** Runs a separate JVM with the compose file's environment: Camel resolves sync.db.* from it. */
    @Test
    void camelMapsTheEnvironmentVariablesOntoTheProperties() throws Exception {
        Map<String, String> env = environment(engine);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EnvProbe.class.getName(),
                "sync.db.url", "sync.db.user", "sync.db.password"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        env.forEach((k, v) -> {
            if (!k.equals("JDK_JAVA_OPTIONS")) {
                builder.environment().put(k, v);
            }
        });
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), err);
        Properties resolved = new Properties();
        resolved.load(new java.io.StringReader(out));
        assertEquals(env.get("SYNC_DB_URL"), resolved.getProperty("sync.db.url"), out + err);
        assertEquals(env.get("SYNC_DB_USER"), resolved.getProperty("sync.db.user"));
        assertEquals(env.get("SYNC_DB_PASSWORD"), resolved.getProperty("sync.db.password"));
    }

    // ---- reading the files -----------------------------------------------------------------

    private static int gatewayPort() {
        String value = applicationProperties.getProperty("gateway.port", defaults.getProperty("gateway.port"));
        String env = environment(engine).get("GATEWAY_PORT");
        return Integer.parseInt((env != null ? env : value).trim());
    }

    private static URI healthcheckUrl() {
        List<?> test = list(map(engine, "healthcheck"), "test");
        return test.stream().map(Object::toString).filter(s -> s.startsWith("http://")).map(URI::create)
                .findFirst().orElseThrow(() -> new AssertionError("no URL in the healthcheck " + test));
    }

    /** Container ports of the "ports" entries: "8080:8080", "127.0.0.1:9010:9010", "8080". */
    private static List<Integer> containerPorts(Map<String, Object> service) {
        List<Integer> ports = new ArrayList<>();
        for (Object entry : list(service, "ports")) {
            String s = entry.toString();
            s = s.contains("/") ? s.substring(0, s.indexOf('/')) : s;
            ports.add(Integer.parseInt(s.substring(s.lastIndexOf(':') + 1)));
        }
        return ports;
    }

    /** The service's environment with compose's ${VAR:-default} interpolated as an unset VAR would be. */
    @SuppressWarnings("unchecked")
    static Map<String, String> environment(Map<String, Object> service) {
        Object raw = service.get("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (raw instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).forEach((k, v) -> env.put(k, interpolate(String.valueOf(v))));
        } else if (raw instanceof List<?> l) {
            for (Object item : l) {
                String s = item.toString();
                env.put(s.substring(0, s.indexOf('=')), interpolate(s.substring(s.indexOf('=') + 1)));
            }
        }
        return env;
    }

    private static String interpolate(String value) {
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> javaOptions(String options) {
        assertNotNull(options, "JDK_JAVA_OPTIONS");
        Map<String, String> flags = new LinkedHashMap<>();
        for (String token : options.trim().split("\\s+")) {
            if (token.startsWith("-D")) {
                int eq = token.indexOf('=');
                flags.put(token.substring(2, eq < 0 ? token.length() : eq), eq < 0 ? "" : token.substring(eq + 1));
            }
        }
        return flags;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map)) {
            fail("docker-compose.yml: '" + key + "' missing or not a mapping");
        }
        return (Map<String, Object>) value;
    }

    private static List<?> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof List)) {
            fail("docker-compose.yml: '" + key + "' missing or not a list");
        }
        return (List<?>) value;
    }

    /** Child JVM: prints how Camel's properties component resolves the given keys (defaults + env). */
    public static final class EnvProbe {
        public static void main(String[] args) throws Exception {
            try (org.apache.camel.impl.DefaultCamelContext context = new org.apache.camel.impl.DefaultCamelContext()) {
                context.getPropertiesComponent().setLocation("classpath:gateway-sync-defaults.properties");
                context.start();
                Properties out = new Properties();
                for (String key : args) {
                    out.setProperty(key, context.getPropertiesComponent().resolveProperty(key).orElse(""));
                }
                out.store(System.out, null);
            }
        }
    }
}

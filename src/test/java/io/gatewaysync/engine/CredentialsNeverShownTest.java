package io.gatewaysync.engine;

import io.gatewaysync.cli.Cli;

import io.gatewaysync.run.RunResult;
import io.gatewaysync.sync.RunStatus;
import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.LogCapture;
import io.gatewaysync.testsupport.TestJson;
import io.gatewaysync.testsupport.TestSource;
import io.gatewaysync.testsupport.TestSource.Response;
import io.gatewaysync.testsupport.TokenServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For every auth style, from a route file: the credential works; then the source refuses it (401)
 * part-way and the run ends PARTIAL with nothing deleted and a message that says to check the
 * credentials; and neither the log (root INFO, the engine's own code at DEBUG), stdout, stderr of a
 * {@code --once --dry-run}, the JMX attributes of every MBean, the metrics, the records API nor the
 * run's result contains a secret (the configured ones, the OAuth2 tokens issued, the ZGW JWTs sent).
 */
class CredentialsNeverShownTest {

    @TempDir
    Path dir;
    TestSource source;
    TokenServer tokens;
    EngineHarness engine;
    final Set<String> sentAuthorizations = new CopyOnWriteArraySet<>();
    volatile boolean refuse;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (tokens != null) {
            tokens.close();
        }
        source.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"authorization", "basic", "bearer", "api-key", "api-key-query", "oauth2", "zgw-jwt"})
    void aRefusedCredentialEndsTheRunPartialAndNoSecretIsShownAnywhere(String style) throws Exception {
        source = TestSource.start();
        source.style("pets", TestSource.Style.NEXT_LINK).pageSize("pets", 4);
        source.generate("pets", 10);
        List<String> secrets = new ArrayList<>();
        List<String> parameters = new ArrayList<>(List.of("pagination", "next-link", "direction", "two-way", "maxTries", "1"));
        java.util.function.Predicate<TestSource.Request> accepted;
        switch (style) {
            case "authorization" -> {
                secrets.add("raw-S3CRET-value");
                parameters.addAll(List.of("authorization", "Token {{pets.secret}}"));
                accepted = r -> "Token raw-S3CRET-value".equals(r.header("Authorization"));
            }
            case "basic" -> {
                secrets.add("pw-S3CRET-basic");
                parameters.addAll(List.of("auth", "basic", "username", "sync", "password", "{{pets.secret}}"));
                String basic = "Basic " + Base64.getEncoder().encodeToString("sync:pw-S3CRET-basic".getBytes(StandardCharsets.UTF_8));
                secrets.add(basic.substring(6));
                accepted = r -> basic.equals(r.header("Authorization"));
            }
            case "bearer" -> {
                secrets.add("tok-S3CRET-bearer");
                parameters.addAll(List.of("auth", "bearer", "token", "{{pets.secret}}"));
                accepted = r -> "Bearer tok-S3CRET-bearer".equals(r.header("Authorization"));
            }
            case "api-key" -> {
                secrets.add("key-S3CRET-header");
                parameters.addAll(List.of("auth", "api-key", "apiKey", "{{pets.secret}}", "apiKeyHeader", "X-Key"));
                accepted = r -> "key-S3CRET-header".equals(r.header("X-Key"));
            }
            case "api-key-query" -> {
                // TestSource's next links repeat the request's query: the key comes back in every page.
                secrets.add("key-S3CRET-query");
                parameters.addAll(List.of("auth", "api-key", "apiKey", "{{pets.secret}}", "apiKeyQuery", "key"));
                accepted = r -> "key-S3CRET-query".equals(r.param("key"));
            }
            case "oauth2" -> {
                secrets.add("cs-S3CRET-oauth2");
                tokens = new TokenServer("sync-client", "cs-S3CRET-oauth2", Duration.ofSeconds(30));
                parameters.addAll(List.of("auth", "oauth2", "tokenUrl", tokens.url(), "clientId", "sync-client",
                        "clientSecret", "{{pets.secret}}"));
                accepted = r -> tokens.valid(r.header("Authorization"));
            }
            case "zgw-jwt" -> {
                secrets.add("zgw-S3CRET-shared-key");
                parameters.addAll(List.of("auth", "zgw-jwt", "clientId", "gateway-sync", "secret", "{{pets.secret}}"));
                accepted = r -> r.header("Authorization") != null && r.header("Authorization").startsWith("Bearer ey");
            }
            default -> throw new IllegalArgumentException(style);
        }
        source.respond("pets", req -> {
            if (req.header("Authorization") != null) {
                sentAuthorizations.add(req.header("Authorization").replaceFirst("^\\S+ ", ""));
            }
            boolean firstPage = req.method().equals("GET") && req.param("page") == null;
            if (accepted.test(req) && !(refuse && !firstPage)) {
                return null;
            }
            // Echoes what it got, as some APIs do in their error bodies.
            return Response.json(401, TestJson.obj("detail", "refused " + req.header("Authorization") + " " + req.target()));
        });

        engine = new EngineHarness(dir)
                .route("pets", source.url("/pets"), parameters.toArray(String[]::new))
                .property("pets.secret", secrets.get(0))
                .property("camel.main.jmx-enabled", "true");
        try (LogCapture log = new LogCapture()) {
            engine.start();
            RunResult first = engine.sync("pets");
            assertEquals(RunStatus.OK, first.status(), String.valueOf(first.error()));
            assertEquals(10, first.created());

            // A user edits object 1 in the gateway; then the source starts refusing the credential after page 1:
            // the PUT of object 1 fails, page 2 fails, the listing ends incomplete.
            var edit = engine.ownFields(engine.gatewayObjectFor("pets", "1"));
            edit.put("name", "edited");
            engine.http("PUT", "/api/pets/" + engine.gatewayObjectFor("pets", "1").id(), edit);
            refuse = true;
            RunResult failed = engine.sync("pets");
            assertEquals(RunStatus.PARTIAL, failed.status(), failed.line());
            assertEquals(0, failed.deleted());
            assertEquals(10, engine.gatewayObjects("pets").size(), "nothing deleted after a refused page");
            assertTrue(failed.error().contains("source 'pets': GET ") && failed.error().contains("HTTP 401")
                    && failed.error().contains("check the credentials"), failed.error());
            assertTrue(engine.record("pets", "1").lastError() != null, "the refused PUT is the object's failure");

            StringBuilder shown = new StringBuilder(log.text()).append('\n').append(failed).append('\n')
                    .append(first).append('\n');
            shown.append(jmxAttributes()).append('\n');
            shown.append(engine.http("GET", "/api/_synchronizations?source=pets&state=all", null).body()).append('\n');
            shown.append(get(engine.apiUrl("/observe/metrics"))).append('\n');
            engine.close();
            engine = null;

            // --once --dry-run of the same route files, stdout and stderr captured.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            EngineHarness cliHarness = new EngineHarness(dir).route("pets", source.url("/pets"), parameters.toArray(String[]::new))
                    .property("pets.secret", secrets.get(0));
            int code;
            try (PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                code = new Cli(po, pe).run(new String[]{"--once", "--dry-run"}, EngineHarness.LOCATIONS, cliHarness.overrides());
            }
            assertEquals(Cli.FAILURES, code, out + "\n" + err);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("source=pets status=PARTIAL"), out.toString(StandardCharsets.UTF_8));
            shown.append(out.toString(StandardCharsets.UTF_8)).append('\n').append(err.toString(StandardCharsets.UTF_8))
                    .append('\n').append(log.text());

            if (tokens != null) {
                assertTrue(tokens.issued() >= 2, "tokens were issued and used");
                secrets.addAll(tokens.tokens());
            }
            secrets.addAll(sentAuthorizations);
            String everything = shown.toString();
            assertTrue(everything.contains("check the credentials"), "the failure is reported");
            for (String secret : secrets) {
                int at = everything.indexOf(secret);
                assertTrue(at < 0, style + ": secret '" + secret + "' shown at: "
                        + everything.substring(Math.max(0, at - 300), Math.min(everything.length(), at + 100)));
            }
        }
    }

    private static String jmxAttributes() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        StringBuilder all = new StringBuilder();
        for (String domain : List.of("io.gatewaysync", "org.apache.camel")) {
            for (ObjectName name : server.queryNames(new ObjectName(domain + ":*"), null)) {
                all.append(name).append('\n');
                for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                    if (!attribute.isReadable()) {
                        continue;
                    }
                    try {
                        Object value = server.getAttribute(name, attribute.getName());
                        all.append(attribute.getName()).append('=')
                                .append(value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value))
                                .append('\n');
                    } catch (Exception | Error ignored) {
                        // some attributes cannot be read in every state
                    }
                }
            }
        }
        assertTrue(all.toString().contains("io.gatewaysync:type=source,name=pets"), "the source's MBean was read");
        return all.toString();
    }

    private static String get(String url) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}

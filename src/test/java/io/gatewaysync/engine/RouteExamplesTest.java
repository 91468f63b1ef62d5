package io.gatewaysync.engine;

import io.gatewaysync.source.http.HttpAccess;
import org.apache.camel.util.AntPathMatcher;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped examples under routes/examples/: one per auth style, each a valid route file of the
 * template whose secrets are all {@code {{env:…}}} placeholders, and none loaded by the engine,
 * which reads {@code routes/*.yaml} only.
 */
class RouteExamplesTest {

    static final Set<String> SECRETS = Set.of("authorization", "password", "token", "apiKey", "clientSecret", "secret",
            "trustStorePassword", "keyStorePassword");

    @Test
    void oneValidExamplePerAuthStyleWithSecretsFromTheEnvironment() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("routes/examples"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        // The engine's own check of route files: known parameters, required ones present, valid cron.
        RouteFiles checked = RouteFiles.check("file:routes/examples/*.yaml");
        Set<String> styles = new TreeSet<>();
        for (Path file : files) {
            Map<String, String> parameters = parameters(file);
            assertTrue(checked.origin(parameters.get("source"), "-").endsWith(file.getFileName().toString()));
            for (String prefix : List.of("", "gateway")) {
                for (String secret : SECRETS) {
                    String value = parameters.get(HttpAccess.name(prefix, secret));
                    if (value != null) {
                        assertTrue(value.matches("\\{\\{env:[A-Z_]+}}"), file + ": " + secret + " is not an {{env:…}} placeholder");
                    }
                }
            }
            // Valid once the placeholders are resolved (store files aside, which exist only on a real host).
            Map<String, String> resolved = new HashMap<>();
            parameters.forEach((k, v) -> resolved.put(k, v.replaceAll("\\{\\{env:[A-Z_]+}}", "from-env")));
            resolved.keySet().removeIf(k -> k.endsWith("trustStore") || k.endsWith("keyStore"));
            HttpAccess access = HttpAccess.from(resolved, "");
            if (file.getFileName().toString().startsWith("auth-")) {
                styles.add(access.style().label());
            }
        }
        assertEquals(new TreeSet<>(Set.of("basic", "bearer", "api-key", "oauth2", "zgw-jwt")), styles);
    }

    @Test
    void oneValidExamplePerSourceShape() throws IOException {
        Map<String, String> paginations = Map.of("cursor.yaml", "cursor", "range.yaml", "range",
                "range-postgrest.yaml", "postgrest", "hal-zgw.yaml", "auto", "odata.yaml", "next-link", "json-api.yaml", "auto", "zgw-url-ids.yaml", "auto",
                "patch-only.yaml", "auto");
        RouteFiles.check("file:routes/examples/*.yaml");
        for (Map.Entry<String, String> e : paginations.entrySet()) {
            Path file = Path.of("routes/examples", e.getKey());
            io.gatewaysync.run.SourceDefinition d = io.gatewaysync.run.SourceDefinition.from(parameters(file), file.toString());
            assertEquals(e.getValue(), d.settings().pagination().label(), file.toString());
        }
        var zgw = io.gatewaysync.run.SourceDefinition.from(parameters(Path.of("routes/examples/zgw-url-ids.yaml")), "zgw");
        assertTrue(zgw.settings().idIsUrl());
        var patch = io.gatewaysync.run.SourceDefinition.from(parameters(Path.of("routes/examples/patch-only.yaml")), "patch");
        assertTrue(patch.settings().style().patch());
    }

    @Test
    void theExamplesAreNotLoaded() {
        AntPathMatcher camel = new AntPathMatcher();
        assertTrue(camel.match("routes/*.yaml", "routes/demo-pets.yaml"));
        assertFalse(camel.match("routes/*.yaml", "routes/examples/auth-oauth2.yaml"));
        RouteFiles loaded = RouteFiles.check("file:routes/*.yaml");
        assertEquals("route 'x'", loaded.origin("customers", "x"), "the oauth2 example's source is not configured");
        assertTrue(loaded.origin("pets", "x").endsWith("demo-pets.yaml"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> parameters(Path file) throws IOException {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        Map<String, Object> route = (Map<String, Object>) ((Map<String, Object>) ((List<Object>) doc).get(0)).get("templatedRoute");
        Map<String, String> out = new HashMap<>();
        for (Object p : (List<Object>) route.get("parameters")) {
            Map<String, Object> m = (Map<String, Object>) p;
            out.put(String.valueOf(m.get("name")), String.valueOf(m.get("value")));
        }
        return out;
    }
}

package io.gatewaysync.engine;

import io.gatewaysync.cli.Cli;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.TestSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bad authentication, TLS or proxy parameter stops {@code --once} with exit code 2 before anything
 * runs, naming the route file and the parameter, and never a secret's value.
 */
class AuthConfigurationTest {

    @TempDir
    Path dir;
    TestSource source;
    EngineHarness harness;
    String out;
    String err;

    @BeforeEach
    void start() {
        source = TestSource.start();
        source.generate("pets", 3);
        harness = new EngineHarness(dir);
    }

    @AfterEach
    void stop() {
        harness.close();
        source.close();
    }

    int cli(String... args) {
        EngineHarness.CliRun run = EngineHarness.cli(harness.overrides(), args);
        out = run.out();
        err = run.err();
        return run.code();
    }

    void assertRefused(String... expected) {
        assertEquals(Cli.CONFIGURATION_ERROR, cli("--once"), "out: " + out + " err: " + err);
        for (String e : expected) {
            assertTrue(err.contains(e), "message lacks '" + e + "': " + err);
        }
        assertTrue(err.contains("pets.yaml"), "names the file: " + err);
        assertFalse(err.contains("s3cret-value"), err);
        assertTrue(source.requests().isEmpty(), source.requests().toString());
    }

    @Test
    void aMissingCredential() {
        harness.route("pets", source.url("/pets"), "auth", "basic", "username", "anna");
        assertRefused("parameter 'password' is missing", "auth=basic");
    }

    @Test
    void anUnknownStyle() {
        harness.route("pets", source.url("/pets"), "auth", "kerberos", "password", "s3cret-value");
        assertRefused("parameter 'auth' has invalid value 'kerberos'");
    }

    @Test
    void bothAuthorizationAndAuth() {
        harness.route("pets", source.url("/pets"), "auth", "bearer", "token", "s3cret-value", "authorization", "Bearer s3cret-value");
        assertRefused("parameters 'authorization' and 'auth' both set the Authorization header");
    }

    @Test
    void anUnreadableTrustStoreAndABadProxy() {
        harness.route("pets", source.url("/pets"), "trustStore", dir.resolve("nope.p12").toString(),
                "trustStorePassword", "s3cret-value");
        assertRefused("parameter 'trustStore': file '");
        harness.route("pets", source.url("/pets"), "proxy", "proxy.example:3128");
        assertRefused("parameter 'proxy' has invalid value 'proxy.example:3128'");
    }

    @Test
    void aBadGatewayParameter() {
        harness.route("pets", source.url("/pets"), "gateway", "http://127.0.0.1:1/api/copies", "gatewayAuth", "oauth2",
                "gatewayClientId", "c", "gatewayClientSecret", "s3cret-value");
        assertRefused("parameter 'gatewayTokenUrl' is missing");
    }
}

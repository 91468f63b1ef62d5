package io.gatewaysync.cli;

import io.gatewaysync.testsupport.EngineHarness;
import io.gatewaysync.testsupport.EngineHarness.CliRun;
import io.gatewaysync.testsupport.JsonApiVariants;
import io.gatewaysync.testsupport.LyingProxy;
import io.gatewaysync.testsupport.RealServer;
import io.gatewaysync.testsupport.RealServer.Kind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --probe} against real third-party servers keeps its word (issue 27): exit 0 only when the printed
 * file, unedited, then syncs every object the server lists; otherwise exit 1 with the reason on stderr.
 * Either outcome passes, a broken promise does not: exit 0 with a file that syncs fewer, or exit 1 in silence.
 * (Kept apart from the listing tests: the probe is being changed.)
 */
class RealServerProbeTest {

    static final Map<Kind, RealServer> servers = new EnumMap<>(Kind.class);
    static final Map<Kind, Integer> SIZES = Map.of(Kind.JSON_SERVER, 60, Kind.FEATHERS, 120, Kind.FORTUNE, 120,
            Kind.ODATA, 60, Kind.SPRING_DATA_REST, 60);
    private static final Pattern SOURCE = Pattern.compile("- name: source\\n\\s+value: \"([^\"]+)\"");

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() {
        for (Kind kind : Kind.values()) {
            servers.put(kind, RealServer.shared(kind, SIZES.get(kind)));
        }
    }

    /**
     * Probes {@code url}; exit 0: its file syncs all {@code n} (status OK, created n) with {@code --once};
     * exit 1: stderr says why. Returns the probe's run.
     */
    CliRun probeKeepsItsWord(String url, int n) {
        CliRun probe = EngineHarness.cli(Map.of(), "--probe", url);
        assertTrue(probe.code() == 0 || probe.code() == 1, "exit " + probe.code() + ": " + probe.err());
        System.out.println("--probe " + url + ": exit " + probe.code() + "\n" + probe.err() + probe.out());
        if (probe.code() == 1) {
            assertFalse(probe.err().isBlank(), "exit 1 says why on stderr; stdout:\n" + probe.out());
            return probe;
        }
        Matcher m = SOURCE.matcher(probe.out());
        assertTrue(m.find(), "a route file with a source name:\n" + probe.out());
        String name = m.group(1);
        try (EngineHarness harness = new EngineHarness(dir.resolve("engine-" + name))) {
            harness.routeFile(name + ".yaml", probe.out());
            CliRun sync = EngineHarness.cli(harness.overrides(), "--once");
            assertEquals(Cli.OK, sync.code(), "exit 0 promised a complete sync of\n" + probe.out() + "\n" + sync.out() + sync.err());
            assertTrue(sync.out().startsWith("source=" + name + " status=OK created=" + n + " "),
                    "all " + n + " objects of\n" + probe.out() + "\n" + sync.out() + sync.err());
        }
        return probe;
    }

    /** Stricter: the probe recognises the server's paging dialect, exits 0 and its file syncs all {@code n}. */
    void probeSyncsAll(String url, int n) {
        CliRun probe = probeKeepsItsWord(url, n);
        assertEquals(Cli.OK, probe.code(), "auto syncs all " + n + " of this server; the probe said:\n" + probe.err());
    }

    @Test
    void theProbeRecognisesJsonApiWithoutLinks() {
        try (LyingProxy withoutLinks = JsonApiVariants.withoutLinks(servers.get(Kind.FORTUNE).origin())) {
            probeSyncsAll(withoutLinks.url("/things"), 120);
        }
    }

    @Test
    void theProbeRecognisesElide() {
        try (LyingProxy elide = JsonApiVariants.elide(servers.get(Kind.FORTUNE).origin())) {
            probeSyncsAll(elide.url("/things"), 120);
        }
    }

    @Test
    void theProbeRecognisesODataWithoutNextLinks() {
        probeSyncsAll(servers.get(Kind.ODATA).url() + "?$top=10&$count=true", 60);
    }

    @Test
    void theProbeRecognisesFeathers() {
        probeSyncsAll(servers.get(Kind.FEATHERS).url(), 120);
    }

    @Test
    void jsonServerFromItsPlainUrl() {
        probeKeepsItsWord(servers.get(Kind.JSON_SERVER).url(), 60);
    }

    @Test
    void jsonServerWithPageAndLimit() {
        probeKeepsItsWord(servers.get(Kind.JSON_SERVER).url() + "?_page=1&_limit=10", 60);
    }

    /** The case: Feathers takes ?page=2 for a filter and answers {"total":0,"data":[]}. */
    @Test
    void feathers() {
        probeKeepsItsWord(servers.get(Kind.FEATHERS).url(), 120);
    }

    @Test
    void feathersWithALimit() {
        probeKeepsItsWord(servers.get(Kind.FEATHERS).url() + "?$limit=50", 120);
    }

    @Test
    void jsonApiWithLinks() {
        probeKeepsItsWord(servers.get(Kind.FORTUNE).url(), 120);
    }

    @Test
    void jsonApiWithoutLinks() {
        try (LyingProxy withoutLinks = JsonApiVariants.withoutLinks(servers.get(Kind.FORTUNE).origin())) {
            probeKeepsItsWord(withoutLinks.url("/things"), 120);
        }
    }

    /** The Elide row: page[number]/page[size], no links, meta.page.totalRecords. */
    @Test
    void elideShapedJsonApi() {
        try (LyingProxy elide = JsonApiVariants.elide(servers.get(Kind.FORTUNE).origin())) {
            probeKeepsItsWord(elide.url("/things"), 120);
        }
    }

    @Test
    void odataFromItsPlainUrl() {
        probeKeepsItsWord(servers.get(Kind.ODATA).url(), 60);
    }

    @Test
    void odataWithTopAndCount() {
        probeKeepsItsWord(servers.get(Kind.ODATA).url() + "?$top=10&$count=true", 60);
    }

    @Test
    void springDataRest() {
        probeKeepsItsWord(servers.get(Kind.SPRING_DATA_REST).url(), 60);
    }

    @Test
    void springDataRestWithASize() {
        probeKeepsItsWord(servers.get(Kind.SPRING_DATA_REST).url() + "?size=10", 60);
    }
}

package io.gatewaysync.run;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every new shape parameter is checked at start, with the file and the parameter named. */
class ShapeParametersTest {

    private static List<String> problems(String... kv) {
        Map<String, String> p = new LinkedHashMap<>(Map.of("source", "s", "url", "http://127.0.0.1/x"));
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return SourceProblems.of(p, "routes/s.yaml");
    }

    @Test
    void badValuesAreNamed() {
        assertEquals(List.of(), problems("pagination", "cursor", "cursorPath", "['@odata.next']", "idPath", "a.b,c",
                "updateMethod", "patch", "itemUrl", "self", "createUrl", "http://127.0.0.1/new", "createdIdPath", "data.id"));
        for (String[] bad : List.of(new String[]{"updateMethod", "POST"}, new String[]{"cursorPath", "a..b"},
                new String[]{"cursorParam", "a b"}, new String[]{"createUrl", "ftp://x/"}, new String[]{"itemUrl", "/things"},
                new String[]{"idPath", "a,,b"}, new String[]{"createdIdPath", "x['y"}, new String[]{"resultsPath", "a\\"},
                new String[]{"pagination", "scroll"})) {
            List<String> found = problems(bad[0], bad[1]);
            assertEquals(1, found.size(), bad[0] + ": " + found);
            assertTrue(found.get(0).startsWith("routes/s.yaml: parameter '" + bad[0] + "'"), found.get(0));
        }
    }
}

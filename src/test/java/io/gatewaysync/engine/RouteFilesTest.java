package io.gatewaysync.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The template's parameter names are read from its text (start-up time); a YAML parser must agree. */
class RouteFilesTest {

    @Test
    void theShippedTemplatesParametersAreTheOnesAYamlParserReads() throws IOException {
        String template;
        try (InputStream in = RouteFiles.class.getResourceAsStream("/gateway-sync/template.yaml")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> parsed = RouteFiles.parseTemplateParameters(template);
        assertTrue(parsed.size() > 50, "the template declares its parameters: " + parsed);
        assertEquals(List.copyOf(parsed), List.copyOf(RouteFiles.scanTemplateParameters(template)));
        assertEquals(List.copyOf(parsed), List.copyOf(RouteFiles.templateParameters()));
    }

    @Test
    void theScanReadsQuotedNamesCommentsAndStopsAtTheListsEnd() {
        String template = """
                # a comment
                - routeTemplate:
                    id: t
                    parameters:
                      # the first
                      - name: source
                        description: "- name: notAParameter"
                      - name: "url"   # quoted
                        defaultValue: x

                      - name: 'schedule'
                    route:
                      from:
                        parameters:
                          - name: later
                """;
        assertEquals(List.of("source", "url", "schedule"), List.copyOf(RouteFiles.scanTemplateParameters(template)));
        assertEquals(List.copyOf(RouteFiles.parseTemplateParameters(template)),
                List.copyOf(RouteFiles.scanTemplateParameters(template)));
    }

    @Test
    void aTemplateTheScanCannotReadIsParsed() {
        String flow = "[{routeTemplate: {id: t, parameters: [{name: source}, {name: url}]}}]";
        assertTrue(RouteFiles.scanTemplateParameters(flow).isEmpty());
        assertEquals(List.of("source", "url"), List.copyOf(RouteFiles.parseTemplateParameters(flow)));
    }
}

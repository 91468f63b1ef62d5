package io.gatewaysync.engine;

import io.gatewaysync.run.ConfigurationException;
import org.quartz.CronExpression;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads the operators' route files before Camel does, so that a broken file is reported with its
 * name, the parameter and the allowed values (Camel itself keeps no file name for templated
 * routes), and remembers which file defined which source. Every problem of every file is reported,
 * one line each (a {@link ConfigurationException} whose message has one line per problem).
 */
public final class RouteFiles {

    private final Map<String, String> sourceFiles = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> sourceParameters = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final UnaryOperator<String> placeholders;

    private RouteFiles(UnaryOperator<String> placeholders) {
        this.placeholders = placeholders;
    }

    /** Checks every {@code file:} pattern of {@code camel.main.routes-include-pattern}. */
    public static RouteFiles check(String includePattern) {
        return check(includePattern, null);
    }

    /**
     * As {@link #check(String)}, and with {@code placeholders} (Camel's property resolver) also the
     * parameters' values, as the source will see them.
     */
    public static RouteFiles check(String includePattern, UnaryOperator<String> placeholders) {
        RouteFiles files = new RouteFiles(placeholders);
        Set<String> allowed = templateParameters();
        for (String pattern : includePattern.split(",")) {
            String p = pattern.trim();
            if (!p.startsWith("file:")) {
                continue;
            }
            Path glob = Path.of(p.substring("file:".length()));
            Path dir = glob.getParent() == null ? Path.of(".") : glob.getParent();
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob.getFileName().toString())) {
                List<Path> sorted = new ArrayList<>();
                stream.forEach(sorted::add);
                sorted.sort(null);
                for (Path file : sorted) {
                    files.checkFile(file, allowed);
                }
            } catch (IOException e) {
                files.problems.add(dir + ": cannot read route files: " + e.getMessage());
            }
        }
        if (!files.problems.isEmpty()) {
            throw new ConfigurationException(String.join("\n", files.problems));
        }
        return files;
    }

    /** Per source, its parameters with placeholders resolved (only when checked with placeholders). */
    public Map<String, Map<String, String>> parameters() {
        return sourceParameters;
    }

    /** The file that defined {@code source}, or a description of the route when unknown. */
    public String origin(String source, String routeId) {
        return sourceFiles.getOrDefault(source, "route '" + routeId + "'");
    }

    private void checkFile(Path file, Set<String> allowed) {
        String name = file.toString();
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel(name).build())
                    .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (YamlEngineException e) {
            problems.add(name + ": not valid YAML: " + e.getMessage().replace('\n', ' ').replaceAll("\\s+", " "));
            return;
        } catch (IOException e) {
            problems.add(name + ": cannot be read: " + e.getMessage());
            return;
        }
        if (document == null) {
            return;
        }
        if (!(document instanceof List<?> entries)) {
            problems.add(name + ": a route file is a YAML list (entries start with '- ')");
            return;
        }
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> map && map.get("templatedRoute") instanceof Map<?, ?> route) {
                checkTemplatedRoute(name, route, allowed);
            }
        }
    }

    private void checkTemplatedRoute(String file, Map<?, ?> route, Set<String> allowed) {
        Object ref = route.get("routeTemplateRef");
        if (!"gateway-sync".equals(ref)) {
            problems.add(file + ": unknown route template '" + ref + "' (routeTemplateRef); allowed: gateway-sync");
            return;
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        boolean wellFormed = true;
        if (route.get("parameters") instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> parameter) || !(parameter.get("name") instanceof String key)) {
                    problems.add(file + ": every parameter needs a 'name' and a 'value'");
                    wellFormed = false;
                    continue;
                }
                if (!allowed.contains(key)) {
                    problems.add(file + ": unknown parameter '" + key + "'; allowed: " + String.join(", ", allowed));
                    continue;
                }
                parameters.put(key, parameter.get("value"));
            }
        } else if (route.get("parameters") != null) {
            problems.add(file + ": 'parameters' must be a list of name/value pairs");
            return;
        }
        boolean complete = wellFormed;
        for (String required : List.of("source", "url")) {
            Object value = parameters.get(required);
            if (value == null || value.toString().isBlank()) {
                problems.add(file + ": route template parameter '" + required + "' is missing");
                complete = false;
            }
        }
        checkSchedule(file, parameters.get("schedule"));
        if (complete) {
            checkValues(file, parameters);
        }
        if (parameters.get("source") == null) {
            return;
        }
        String source = parameters.get("source").toString();
        String previous = sourceFiles.putIfAbsent(source, file);
        if (previous != null) {
            problems.add(file + ": parameter 'source': '" + source + "' is already used by " + previous
                    + "; every source needs its own name");
        }
    }

    /** The values as the source will read them (placeholders resolved), each problem on its own line. */
    private void checkValues(String file, Map<String, Object> parameters) {
        if (placeholders == null) {
            return;
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        parameters.forEach((key, value) -> {
            if (value == null) {
                return;
            }
            try {
                resolved.put(key, placeholders.apply(value.toString()));
            } catch (RuntimeException e) {
                // The value may hold a credential: name the parameter and the missing property, not the value.
                problems.add(file + ": parameter '" + key + "': a placeholder cannot be resolved ("
                        + rootMessage(e) + "); allowed: a value, or {{property}} / {{env:NAME}} that is set");
            }
        });
        problems.addAll(io.gatewaysync.run.SourceProblems.of(resolved, file));
        if (resolved.get("source") != null) {
            sourceParameters.putIfAbsent(resolved.get("source"), resolved);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // Camel's message ends with the raw value ("from input: ..."), which may carry a credential.
        return String.valueOf(root.getMessage()).replace('\n', ' ').replaceAll(",? from input: .*$", "");
    }

    /**
     * Quartz rejects a bad cron expression when the route starts, with a message that names neither
     * the file nor the parameter. A value with a placeholder is left to be resolved (and checked) by Camel.
     */
    private void checkSchedule(String file, Object schedule) {
        if (schedule == null || schedule.toString().isBlank() || schedule.toString().contains("{{")) {
            return;
        }
        try {
            new CronExpression(schedule.toString());
        } catch (ParseException e) {
            problems.add(file + ": parameter 'schedule' has invalid value '" + schedule + "' ("
                    + e.getMessage() + "); allowed: a Quartz cron expression, e.g. 0 0/15 * * * ?");
        }
    }

    /**
     * The parameter names the shipped template declares. Read from the template's text, not through a
     * YAML parser: SnakeYAML's first parse of the 25 KB template, in a JVM that has not compiled it yet,
     * was ~9 % of a {@code --once}'s start-up on the main thread (JFR), and Camel parses the file again
     * anyway. The names are the {@code - name:} items of the {@code parameters:} list of
     * {@code routeTemplate}; a template this scan cannot read is parsed as YAML ({@code RouteFilesTest}
     * keeps both equal).
     */
    public static Set<String> templateParameters() {
        String text;
        try (InputStream in = RouteFiles.class.getResourceAsStream("/gateway-sync/template.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the shipped route template cannot be read", e);
        }
        Set<String> scanned = scanTemplateParameters(text);
        return scanned.isEmpty() ? parseTemplateParameters(text) : scanned;
    }

    private static final java.util.regex.Pattern PARAMETERS = java.util.regex.Pattern.compile("^(\\s*)parameters:\\s*$");
    private static final java.util.regex.Pattern NAME =
            java.util.regex.Pattern.compile("^(\\s*)- name:\\s*(?:\"([^\"]+)\"|'([^']+)'|([^\\s#\"']+))\\s*(#.*)?$");

    /** The names of the first {@code parameters:} list after {@code - routeTemplate:}; empty when not found. */
    static Set<String> scanTemplateParameters(String template) {
        Set<String> names = new LinkedHashSet<>();
        boolean inTemplate = false;
        int listIndent = -1;
        int itemIndent = -1;
        for (String line : template.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (!inTemplate) {
                inTemplate = trimmed.equals("- routeTemplate:");
                continue;
            }
            if (listIndent < 0) {
                java.util.regex.Matcher m = PARAMETERS.matcher(line);
                if (m.matches()) {
                    listIndent = m.group(1).length();
                }
                continue;
            }
            if (indent <= listIndent) {
                break; // the next key of the template: the list has ended
            }
            java.util.regex.Matcher m = NAME.matcher(line);
            if (m.matches() && (itemIndent < 0 || m.group(1).length() == itemIndent)) {
                itemIndent = m.group(1).length();
                names.add(m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4));
            }
        }
        return names;
    }

    /** The same names, read with a YAML parser. */
    static Set<String> parseTemplateParameters(String template) {
        Object document = new Load(LoadSettings.builder().build()).loadFromString(template);
        Set<String> names = new LinkedHashSet<>();
        for (Object entry : (List<?>) document) {
            if (entry instanceof Map<?, ?> map && map.get("routeTemplate") instanceof Map<?, ?> t) {
                for (Object parameter : (List<?>) t.get("parameters")) {
                    names.add(String.valueOf(((Map<?, ?>) parameter).get("name")));
                }
            }
        }
        return names;
    }
}

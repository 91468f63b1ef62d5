package io.gatewaysync.cli;

import io.gatewaysync.engine.RouteFiles;

import io.gatewaysync.run.ConfigurationException;
import io.gatewaysync.run.SourceDefinition;
import io.gatewaysync.source.http.HttpAccess;
import io.gatewaysync.source.probe.ListingGuess;
import io.gatewaysync.source.paging.Pagination;
import io.gatewaysync.source.http.RetryPolicy;
import io.gatewaysync.source.SourceClient;
import io.gatewaysync.source.SourceException;
import io.gatewaysync.source.SourceListing;
import io.gatewaysync.source.SourcePage;
import io.gatewaysync.source.probe.SourceProbe;
import io.gatewaysync.source.SourceSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code --probe URL [--name value …]}: reads the first pages of a source and prints a route file that
 * syncs it. The options are the route's own parameters; credentials are used for the requests but
 * written as {@code {{env:SOURCE_PARAM}}} placeholders, and never printed. The file is loaded with
 * the engine's own route-file checks ({@link RouteFiles}) before it is printed.
 *
 * <p>Exit codes: 0 the file would sync as printed; 1 it holds guesses (see stderr), or the source could
 * not be read (unreachable, not 2xx, not JSON: a source problem, like a failed listing); 2 a bad argument.
 */
public final class Probe {

    /** Pages read at most: enough to see the paging work, bounded for a large source. */
    static final int PAGES = 3;
    /** Parameters holding a credential: sent, but written as placeholders. */
    static final Set<String> SECRETS = Set.of("authorization", "password", "token", "apiKey", "clientSecret",
            "secret", "trustStorePassword", "keyStorePassword", "headers");
    static final String SCHEDULE = "0 0/15 * * * ?";
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.-]+");
    /** Which guesses make the file uncertain (exit 1); a guessed change date still syncs. */
    private static final List<String> DECISIVE = List.of("resultsPath", "idPath", "pagination", "cursorParam");

    private final PrintStream out;
    private final PrintStream err;

    Probe(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        String url = null;
        Set<String> allowed = RouteFiles.templateParameters();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--probe")) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    return bad("--probe needs the URL of the source's listing, e.g. --probe https://api.example.org/pets");
                }
                url = args[++i];
                continue;
            }
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            if (name == null || !allowed.contains(name) || name.equals("url")) {
                return bad("unknown argument '" + arg + "' with --probe; allowed: --probe URL and the route "
                        + "parameters as --name value (e.g. --auth bearer --token …, --resultsPath data)");
            }
            if (i + 1 >= args.length) {
                return bad("--" + name + " needs a value");
            }
            given.put(name, args[++i]);
        }
        if (url == null) {
            return bad("--probe needs the URL of the source's listing");
        }
        String source = given.containsKey("source") ? given.get("source") : nameFrom(url);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("source", source);
        parameters.put("url", url);
        parameters.putAll(given);
        SourceDefinition definition;
        HttpAccess access;
        try {
            definition = SourceDefinition.from(parameters, "--probe");
            access = HttpAccess.from(parameters, "");
        } catch (ConfigurationException e) {
            return bad(e.getMessage().replaceFirst("^--probe: ", ""));
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
        // A probe should answer quickly: fewer retries than a scheduled run.
        SourceSettings settings = definition.settings().withRetry(new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(2)))
                .withMaxPages(PAGES);
        Pagination chosen = given.containsKey("pagination") ? settings.pagination() : null;
        SourceProbe.Finding finding;
        try (SourceClient client = new SourceClient(null, settings, access)) {
            try {
                finding = SourceProbe.probe(client, chosen,
                        new ListingGuess.Given(given.get("resultsPath"), given.get("idPath")));
            } catch (SourceException e) {
                err.println("error: " + client.authenticator().scrub(e.getMessage()));
                return Cli.FAILURES;
            }
        }
        ListingGuess first = finding.first();
        List<String> guesses = new ArrayList<>(finding.guesses());
        List<String> undecided = new ArrayList<>(finding.undecided());
        Map<String, String> route = routeParameters(source, url, given, finding);

        // Read the pages as the engine will, with what was decided.
        Map<String, String> resolved = new LinkedHashMap<>(route);
        resolved.putAll(given);
        int seen = 0;
        int pages = 0;
        boolean more = false;
        try (SourceClient client = new SourceClient(null, SourceDefinition.from(resolved, "--probe").settings()
                .withRetry(settings.retry()).withMaxPages(Integer.MAX_VALUE), access)) {
            try (SourceListing listing = client.listing()) {
                while (pages < PAGES && listing.hasNext()) {
                    SourcePage page = listing.next();
                    pages++;
                    seen += page.objects().size();
                    if (!page.rejected().isEmpty()) {
                        guesses.add("idPath: " + page.rejected().size() + " object(s) of page " + page.number()
                                + " cannot be read: " + page.rejected().get(0).reason());
                        undecided.add("objects the engine rejects: " + page.rejected().get(0).reason());
                    }
                }
                more = pages == PAGES && listing.hasNext();
            } catch (RuntimeException e) {
                undecided.add("the listing as decided fails: " + client.authenticator().scrub(e.getMessage()));
                guesses.add("pagination: reading the pages as decided failed");
            }
        }
        if (pages == 1 && first.moreAnnounced() && chosen == null) {
            // The first page announced a next one, but the engine, reading the file as written, stopped.
            String where = first.shape().cursorPath() != null ? " (a cursor at '" + first.shape().cursorPath() + "')"
                    : first.nextPath() == null ? "" : " at '" + first.nextPath() + "'";
            guesses.add(finding.pagination() == Pagination.CURSOR
                    ? "cursorParam: '" + route.get("cursorParam") + "' is a convention's name; the page it asked for "
                    + "brought nothing new (see the API's documentation for the parameter)"
                    : "pagination: the first page links to a next one" + where + ", but the listing as written ends after it");
            undecided.add("how to follow the next page" + where);
        }
        guesses.removeIf(g -> given.keySet().stream().anyMatch(k -> g.startsWith(k + ":"))); // the operator's word
        String yaml = yaml(route, first, url, seen, pages, more, guesses);
        String problem = loadProblem(source, yaml);
        if (problem != null) {
            err.println("error: the route the probe wrote does not load (a bug of the probe): " + problem);
            return Cli.FAILURES;
        }
        out.print(yaml);
        out.flush();
        undecided.forEach(line -> err.println("probe: could not decide: " + line));
        route.values().stream().filter(v -> v.startsWith("{{env:"))
                .forEach(v -> err.println("probe: set " + v.substring(6, v.length() - 2) + " in the environment"));
        boolean certain = guesses.stream().noneMatch(g -> DECISIVE.stream().anyMatch(g::startsWith)) && undecided.isEmpty();
        return certain ? Cli.OK : Cli.FAILURES;
    }

    private static Map<String, String> routeParameters(String source, String url, Map<String, String> given,
                                                       SourceProbe.Finding finding) {
        ListingGuess first = finding.first();
        Map<String, String> route = new LinkedHashMap<>();
        route.put("source", source);
        route.put("url", url);
        route.put("schedule", SCHEDULE);
        if (first.resultsPath() != null) {
            route.put("resultsPath", first.resultsPath());
        }
        route.put("idPath", first.idPath());
        if (first.lastChangedPath() != null) {
            route.put("lastChangedPath", first.lastChangedPath());
        }
        if (first.selfUrlId()) {
            route.put("itemUrl", "self"); // the id is the object's own URL (written only on the source's origin)
        }
        route.put("pagination", finding.pagination().label());
        if (finding.pagination() == Pagination.NEXT_LINK && first.nextPath() != null) {
            route.put("nextPath", first.nextPath());
        }
        if (finding.pagination() == Pagination.CURSOR) {
            route.put("cursorPath", first.shape().cursorPath());
            route.put("cursorParam", first.shape().cursorParam());
        }
        if (finding.pageSize() != null) {
            route.put("pageSize", Integer.toString(finding.pageSize()));
        }
        given.forEach((key, value) -> route.put(key, SECRETS.contains(key) ? placeholder(source, key) : value));
        return route;
    }

    /** {@code {{env:PETS_API_KEY}}} for parameter {@code apiKey} of source {@code pets}. */
    static String placeholder(String source, String parameter) {
        String snake = parameter.replaceAll("([a-z])([A-Z])", "$1_$2");
        return "{{env:" + (source + "_" + snake).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_") + "}}";
    }

    /** The URL's last path segment, made a valid source name. */
    static String nameFrom(String url) {
        String path;
        try {
            path = java.net.URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            path = null;
        }
        String last = path == null ? "" : path.replaceAll("/+$", "");
        last = last.substring(last.lastIndexOf('/') + 1);
        last = UNSAFE.matcher(last).replaceAll("-").replaceAll("^[^A-Za-z0-9]+", "");
        if (last.length() > 100) {
            last = last.substring(0, 100);
        }
        return last.isEmpty() ? "source" : last;
    }

    private static String yaml(Map<String, String> route, ListingGuess first, String url, int seen, int pages,
                               boolean more, List<String> guesses) {
        StringBuilder y = new StringBuilder();
        y.append("# Written by gateway-sync --probe ").append(url).append('\n');
        y.append("# Seen: ").append(seen).append(" object(s) on ").append(pages).append(" page(s)")
                .append(more ? ", more pages follow" : "").append('\n');
        y.append("# Recognised: ").append(first.shape().recognised()).append('\n');
        StringBuilder fields = new StringBuilder();
        first.fields().forEach((name, type) -> fields.append(fields.length() == 0 ? "" : ", ")
                .append(name).append(" (").append(type).append(')'));
        y.append("# Fields: ").append(fields.length() == 0 ? "none seen" : fields).append('\n');
        for (String guess : guesses) {
            y.append("# guessed: ").append(guess.replace('\n', ' ')).append('\n');
        }
        y.append("- templatedRoute:\n    routeTemplateRef: gateway-sync\n    routeId: gateway-sync-")
                .append(route.get("source")).append("\n    parameters:\n");
        route.forEach((key, value) -> {
            y.append("      - name: ").append(key).append("\n        value: ").append(quoted(value));
            guesses.stream().filter(g -> g.startsWith(key + ":")).findFirst()
                    .ifPresent(g -> y.append("  # guessed"));
            y.append('\n');
        });
        return y.toString();
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The problems the engine's start-up checks find in {@code yaml}, or {@code null}. */
    private static String loadProblem(String source, String yaml) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("gateway-sync-probe");
            Files.writeString(dir.resolve(source + ".yaml"), yaml);
            // Placeholders stand for values the operator sets later; any value checks the rest.
            RouteFiles.check("file:" + dir.toAbsolutePath() + "/*.yaml",
                    v -> v.replaceAll("\\{\\{env:[^}]+}}", "placeholder"));
            return null;
        } catch (ConfigurationException e) {
            return e.getMessage().replace('\n', ' ');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    private int bad(String message) {
        err.println("configuration error: " + message);
        return Cli.CONFIGURATION_ERROR;
    }
}

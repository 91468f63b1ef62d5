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

    /** Pages read at most while finding the shape: enough to see the paging work. */
    static final int PAGES = 3;
    /**
     * Pages the written file is read to before the probe vouches for it: the whole listing of most
     * sources, and a bound for a large one (the file says so, and the engine's own completeness rule
     * holds for the rest).
     */
    static final int VERIFY_PAGES = 200;
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

    /**
     * Runs the probe with the engine's own logging at WARN: stderr carries the probe's findings, not the
     * INFO lines of the Camel context its HTTP client starts (the level is put back afterwards).
     */
    int run(String[] args) {
        org.apache.logging.log4j.Level before = org.apache.logging.log4j.LogManager.getRootLogger().getLevel();
        org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
        try {
            return probe(args);
        } finally {
            org.apache.logging.log4j.core.config.Configurator.setRootLevel(before);
        }
    }

    private int probe(String[] args) {
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

        // Read the listing exactly as the file says, to its end or the bound, before vouching for the file.
        Map<String, String> resolved = new LinkedHashMap<>(route);
        resolved.putAll(given);
        Verification read = verify(resolved, settings, access, first);
        guesses.addAll(read.guesses());
        undecided.addAll(read.undecided());
        if (read.pages() == 1 && first.moreAnnounced() && chosen == null) {
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
        String yaml = yaml(route, first, url, read, guesses);
        String problem = loadProblem(source, yaml);
        if (problem != null) {
            err.println("error: the route the probe wrote does not load (a bug of the probe): " + problem);
            return Cli.FAILURES;
        }
        out.print(yaml);
        out.flush();
        undecided.forEach(line -> err.println("probe: could not decide: " + line));
        guesses.stream().filter(g -> DECISIVE.stream().anyMatch(g::startsWith))
                .forEach(line -> err.println("probe: guessed: " + line));
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

    /**
     * What reading the written file's listing showed: objects and pages read, whether the listing proved
     * itself complete, whether the bound stopped the reading, the total the source states, and why the
     * file cannot be vouched for ({@code undecided}; a {@code guesses} line names the parameter).
     */
    record Verification(int objects, int pages, boolean complete, boolean bounded, Long total, List<String> guesses,
                        List<String> undecided) {
    }

    /**
     * Reads the listing as the file says, to its end or {@link #VERIFY_PAGES}, and compares it with what the
     * probe saw first: an incomplete listing (the engine's own rule), a first page without the objects the
     * probe saw, or fewer objects than the source states, mean the file would not sync everything.
     */
    private static Verification verify(Map<String, String> resolved, SourceSettings probing, HttpAccess access,
                                       ListingGuess first) {
        List<String> guesses = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        int objects = 0;
        int pages = 0;
        int firstPage = -1;
        boolean complete = false;
        boolean bounded = false;
        Long total = null;
        try (SourceClient client = new SourceClient(null, SourceDefinition.from(resolved, "--probe").settings()
                .withRetry(probing.retry()), access)) {
            try (SourceListing listing = client.listing()) {
                while (pages < VERIFY_PAGES && listing.hasNext()) {
                    SourcePage page = listing.next();
                    pages++;
                    objects += page.objects().size() + page.rejected().size();
                    firstPage = firstPage < 0 ? page.objects().size() + page.rejected().size() : firstPage;
                    total = page.totalCount() != null ? page.totalCount() : total;
                    if (!page.rejected().isEmpty()) {
                        guesses.add("idPath: " + page.rejected().size() + " object(s) of page " + page.number()
                                + " cannot be read: " + page.rejected().get(0).reason());
                        undecided.add("objects the engine rejects: " + page.rejected().get(0).reason());
                    }
                }
                complete = listing.complete();
                bounded = !complete && pages == VERIFY_PAGES;
            } catch (RuntimeException e) {
                undecided.add("the listing as written is incomplete: " + client.authenticator().scrub(e.getMessage()));
                if (pages > 1 || !first.moreAnnounced()) { // else the caller names how page 2 was asked for
                    guesses.add("pagination: reading the listing as written did not complete");
                }
            }
        } catch (ConfigurationException e) {
            undecided.add("the written parameters do not load: " + e.getMessage());
        }
        Long stated = first.total() != null ? first.total() : total;
        if (first.size() > 0 && firstPage == 0) {
            undecided.add("the listing as written starts with an empty page, where the probe's first request saw "
                    + first.size() + " object(s) (a parameter in the file is taken as a filter?)");
            guesses.add("pagination: the file's requests answer another collection");
        } else if (complete && stated != null && objects < stated) {
            undecided.add("the listing as written ends after " + objects + " object(s), but the source states " + stated);
            guesses.add("pagination: the file does not reach the stated total");
        }
        return new Verification(objects, pages, complete, bounded, stated, guesses, undecided);
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

    private static String yaml(Map<String, String> route, ListingGuess first, String url, Verification read,
                               List<String> guesses) {
        StringBuilder y = new StringBuilder();
        y.append("# Written by gateway-sync --probe ").append(url).append('\n');
        y.append("# Read as this file says: ").append(read.objects()).append(" object(s) on ").append(read.pages())
                .append(" page(s)").append(read.complete() ? ", the whole listing"
                        : read.bounded() ? ", more pages follow (the probe reads at most " + VERIFY_PAGES + ")" : ", incomplete")
                .append(read.total() == null ? "" : "; the source states " + read.total()).append('\n');
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

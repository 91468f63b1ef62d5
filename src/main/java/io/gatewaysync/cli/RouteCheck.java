package io.gatewaysync.cli;

import io.gatewaysync.engine.RouteFiles;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gatewaysync.gateway.GatewayState;
import io.gatewaysync.record.RecordStoreException;
import io.gatewaysync.record.SyncRecordStore;
import io.gatewaysync.run.ConfigurationException;
import io.gatewaysync.run.DecisionStep;
import io.gatewaysync.run.SourceDefinition;
import io.gatewaysync.run.SourceOptions;
import io.gatewaysync.source.http.HttpAccess;
import io.gatewaysync.source.paging.Pagination;
import io.gatewaysync.source.SourceClient;
import io.gatewaysync.source.SourceListing;
import io.gatewaysync.source.SourceObject;
import io.gatewaysync.source.SourcePage;
import io.gatewaysync.source.SourceSettings;
import io.gatewaysync.sync.Decision;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@code --check FILE}: the start-up checks of one route file (the same messages, exit 2), then its
 * first page as a run would see it: per object its id, hash and the action the engine's own decision
 * ({@link DecisionStep#decideListed}) takes against the records and embedded gateway of the configured
 * database, and the next-page URL the listing would follow. It writes nothing: no Flyway migration, no
 * run, no lease, no record; a database that does not exist yet is not created (every object is then
 * "new at the source"). Exit 0 valid and read, 1 the page could not be read, 2 a configuration error.
 */
final class RouteCheck {

    private final PrintStream out;
    private final PrintStream err;

    RouteCheck(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String file, String locations, Map<String, String> overrides) {
        Path path = Path.of(file).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            err.println("configuration error: " + file + ": no such route file");
            return Cli.CONFIGURATION_ERROR;
        }
        // Only for its property resolver (the engine's layers and placeholders); never started.
        DefaultCamelContext context = new DefaultCamelContext();
        try {
            PropertiesComponent properties = context.getPropertiesComponent();
            properties.setLocation(locations);
            Properties given = new Properties();
            given.putAll(overrides);
            properties.setOverrideProperties(given);
            RouteFiles files;
            try {
                files = RouteFiles.check("file:" + path, context::resolvePropertyPlaceholders);
            } catch (ConfigurationException e) {
                e.getMessage().lines().forEach(line -> err.println("configuration error: " + line));
                return Cli.CONFIGURATION_ERROR;
            }
            if (files.parameters().isEmpty()) {
                err.println("configuration error: " + file + ": no templatedRoute of template gateway-sync in it");
                return Cli.CONFIGURATION_ERROR;
            }
            int code = Cli.OK;
            for (Map.Entry<String, Map<String, String>> source : files.parameters().entrySet()) {
                code = Math.max(code, check(file, source.getValue(), properties));
            }
            return code;
        } finally {
            context.stop();
        }
    }

    private int check(String file, Map<String, String> parameters, PropertiesComponent properties) {
        SourceDefinition definition;
        HttpAccess access;
        SourceOptions options;
        try {
            definition = SourceDefinition.from(parameters, file);
            options = SourceOptions.from(parameters, file);
            try {
                access = HttpAccess.from(parameters, "");
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(file + ": " + e.getMessage());
            }
        } catch (ConfigurationException e) {
            err.println("configuration error: " + e.getMessage());
            return Cli.CONFIGURATION_ERROR;
        }
        SourceSettings s = definition.settings();
        out.println("source=" + definition.name() + " file=" + file + " gateway=" + definition.gateway());
        out.println("listing: " + s.url() + " pagination=" + s.pagination().label()
                + " resultsPath=" + (s.resultsPath() == null ? "(recognised per page)" : s.resultsPath())
                + " idPath=" + s.idPath() + (s.lastChangedPath() == null ? "" : " lastChangedPath=" + s.lastChangedPath())
                + (s.pagination() == Pagination.CURSOR ? " cursorPath=" + (s.cursorPath() == null ? "(the usual places)"
                : s.cursorPath()) + " cursorParam=" + s.cursorParam() : "")
                + (s.pagination().isRange() ? " pageSize=" + (s.pageSize() > 0 ? s.pageSize() : SourceSettings.DEFAULT_PAGE_SIZE) : ""));
        SourcePage page;
        URI next;
        Map<String, String> nextHeaders;
        try (SourceClient client = new SourceClient(null, s, access); SourceListing listing = client.listing()) {
            try {
                page = listing.next();
                next = listing.nextUri();
                nextHeaders = listing.nextHeaders();
            } catch (RuntimeException e) {
                err.println("error: source '" + definition.name() + "': the first page of " + s.url()
                        + " cannot be read: " + client.authenticator().scrub(e.getMessage()));
                return Cli.FAILURES;
            }
        }
        Map<String, SyncRecordStore.WithEmbedded> known;
        try {
            known = known(definition, page, properties);
        } catch (ConfigurationException e) {
            err.println("configuration error: " + e.getMessage());
            return Cli.CONFIGURATION_ERROR;
        }
        out.println("first page: " + page.objects().size() + " object(s)"
                + (page.rejected().isEmpty() ? "" : ", " + page.rejected().size() + " rejected")
                + (page.totalCount() == null ? "" : ", " + page.totalCount() + " in all"));
        out.println(String.format(Locale.ROOT, "%-24s %-12s %-18s %s", "id", "hash", "action", "scenario"));
        for (SourceObject object : page.objects()) {
            SyncRecordStore.WithEmbedded k = known.get(object.id());
            GatewayState gateway = k == null ? null
                    : definition.remoteGateway() && k.record().established()
                    // Not read from the remote gateway: taken as the record last saw it.
                    ? new GatewayState(k.record().gatewayId(), k.record().gatewayHash(), k.record().gatewayLastChanged(), null)
                    : k.gatewayHash() == null ? null
                    : new GatewayState(k.record().gatewayId(), k.gatewayHash(), k.gatewayModified(), null);
            Decision decision = k != null && k.record().blockedAt(java.time.Instant.now())
                    ? null : DecisionStep.decideListed(object, k == null ? null : k.record(), gateway,
                    options.mapping(), definition.policy());
            out.println(String.format(Locale.ROOT, "%-24s %-12s %-18s %s", object.id(), object.hash().substring(0, 12),
                    decision == null ? "BLOCKED" : decision.action(), decision == null ? "-" : decision.scenario()));
        }
        page.rejected().forEach(r -> out.println("rejected: element " + r.index() + ": " + r.reason()));
        out.println("next page: " + (next == null ? "none (the listing ends with this page)" : next
                + (nextHeaders.containsKey("Range") ? " with Range: " + nextHeaders.get("Range") : "")));
        out.flush();
        return Cli.OK;
    }

    /**
     * The records and embedded gateway objects of the page's ids, read-only. A database that does not
     * exist yet is not created: nothing is known, every object is new.
     */
    private Map<String, SyncRecordStore.WithEmbedded> known(SourceDefinition definition, SourcePage page,
                                                            PropertiesComponent properties) {
        String url = properties.resolveProperty("sync.db.url").orElse("");
        if (url.startsWith("jdbc:h2:file:")) {
            String file = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
            if (!Files.exists(Path.of(file + ".mv.db"))) {
                out.println("database: " + file + ".mv.db does not exist yet (not created): every object is new");
                return Map.of();
            }
            url = url + ";IFEXISTS=TRUE"; // never create it
        }
        if (definition.remoteGateway()) {
            out.println("gateway: remote (" + definition.gateway() + "); its objects are taken as the records last saw them");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("gateway-sync-check");
        config.setJdbcUrl(url);
        config.setUsername(properties.resolveProperty("sync.db.user").orElse(null));
        config.setPassword(properties.resolveProperty("sync.db.password").orElse(null));
        config.setReadOnly(true);
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(10_000);
        config.setConnectionTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ConfigurationException("property 'sync.db.url': the database cannot be opened: " + rootMessage(e));
        }
        try (dataSource) {
            List<String> ids = page.objects().stream().map(SourceObject::id).toList();
            String schema = definition.remoteGateway() ? null : definition.gateway();
            return new SyncRecordStore(dataSource).findWithEmbedded(definition.name(), ids, schema);
        } catch (RecordStoreException e) {
            // A database the engine never migrated (no tables): nothing is known yet.
            out.println("database: no synchronization records readable (" + rootMessage(e) + "): every object is new");
            return Map.of();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    }
}

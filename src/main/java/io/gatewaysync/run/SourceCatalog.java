package io.gatewaysync.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewaysync.gateway.EmbeddedGateway;
import io.gatewaysync.gateway.EmbeddedGatewayStore;
import io.gatewaysync.gateway.Gateway;
import io.gatewaysync.gateway.RemoteGateway;
import io.gatewaysync.source.http.HttpAccess;
import io.gatewaysync.source.SourceClient;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configured sources: one per route made from the {@code gateway-sync} template. Built from the
 * routes' template parameters (placeholders resolved), validated as a whole at start-up.
 */
public class SourceCatalog {

    public static final String TEMPLATE = "gateway-sync";

    private final EmbeddedGatewayStore gatewayStore;
    private final ObjectMapper mapper;
    private final int gatewayConcurrency;
    private volatile Map<String, SyncSource> sources = Map.of();

    public SourceCatalog(EmbeddedGatewayStore gatewayStore, ObjectMapper mapper, int gatewayConcurrency) {
        this.gatewayStore = gatewayStore;
        this.mapper = mapper;
        this.gatewayConcurrency = gatewayConcurrency;
    }

    /** Reads every templated route of the context; throws {@link ConfigurationException} on the first bad one. */
    public synchronized void load(CamelContext context) {
        load(context, (source, routeId) -> "route '" + routeId + "'");
    }

    /** {@code origins} names the file a source came from (Camel keeps no file for templated routes). */
    public synchronized void load(CamelContext context, java.util.function.BinaryOperator<String> origins) {
        Map<String, SyncSource> loaded = new LinkedHashMap<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (RouteDefinition route : ((ModelCamelContext) context).getRouteDefinitions()) {
            // Only routes of our template carry both of its required parameters.
            if (!route.isCreatedFromTemplate() || route.getTemplateParameters() == null
                    || !route.getTemplateParameters().containsKey("source")
                    || !route.getTemplateParameters().containsKey("url")) {
                continue;
            }
            Object sourceName = route.getTemplateParameters().get("source");
            String origin = route.getResource() != null ? route.getResource().getLocation()
                    : origins.apply(String.valueOf(sourceName), route.getRouteId());
            Map<String, String> parameters = new LinkedHashMap<>();
            route.getTemplateParameters().forEach((key, value) -> parameters.put(key,
                    value == null ? null : context.resolvePropertyPlaceholders(value.toString())));
            SourceDefinition definition = SourceDefinition.from(parameters, origin);
            String previous = seen.putIfAbsent(definition.name(), origin);
            if (previous != null) {
                throw new ConfigurationException(origin + ": parameter 'source': '" + definition.name()
                        + "' is already used by " + previous + "; every source needs its own name");
            }
            HttpAccess access = access(parameters, "", origin);
            // The remote gateway: its own gateway* parameters; without any, the source's raw authorization as before.
            HttpAccess gatewayAccess = HttpAccess.anySet(parameters, "gateway") ? access(parameters, "gateway", origin)
                    : HttpAccess.raw(definition.settings().authorization());
            SourceOptions options = SourceOptions.from(parameters, origin);
            loaded.put(definition.name(), new SyncSource(definition,
                    new SourceClient(context, definition.settings(), access),
                    gatewayFor(context, definition, gatewayAccess)).options(options));
        }
        close(sources.values());
        sources = Collections.unmodifiableMap(loaded);
    }

    private static HttpAccess access(Map<String, String> parameters, String prefix, String origin) {
        try {
            return HttpAccess.from(parameters, prefix);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(origin + ": " + e.getMessage());
        }
    }

    private Gateway gatewayFor(CamelContext context, SourceDefinition definition, HttpAccess access) {
        if (definition.remoteGateway()) {
            return new RemoteGateway(context, definition.name(), definition.gateway(), access, mapper,
                    gatewayConcurrency, definition.settings().timeout());
        }
        return new EmbeddedGateway(gatewayStore, definition.gateway(), definition.name());
    }

    public SyncSource get(String name) {
        SyncSource source = sources.get(name);
        if (source == null) {
            throw new IllegalArgumentException("unknown source '" + name + "'; configured: " + String.join(", ", names()));
        }
        return source;
    }

    public boolean contains(String name) {
        return sources.containsKey(name);
    }

    public Collection<SyncSource> all() {
        return sources.values();
    }

    public Collection<String> names() {
        return sources.keySet();
    }

    /** The engine stops: every source's HTTP client and remote gateway let go of their connections and threads. */
    public void close() {
        close(sources.values());
    }

    private static void close(Collection<SyncSource> all) {
        for (SyncSource s : all) {
            s.client().close();
            s.gateway().close();
        }
    }

}

package io.gatewaysync.cli;

import io.gatewaysync.run.ConfigurationException;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code --once} starts only what a one-shot run uses, and stops without waiting on pollers.
 *
 * <p>A process that syncs and exits has no use for JMX, the Prometheus endpoint or health checks, and,
 * unless the bundled demo source (served by the engine itself) is switched on, none for the HTTP server
 * and the gateway API either. Together they were about a second of every {@code --once}, and the
 * metrics' blocked-records count scanned the source's records at start-up and again after the run.
 * Applied before Camel reads its configuration, as override properties (which win over every file);
 * {@code sync.once.minimal=false} keeps the full start-up. The route files of the HTTP server are
 * dropped from the include pattern, where the shipped defaults name them (Camel applies its exclude
 * pattern only to what a wildcard found), and excluded as Camel matches resource locations
 * ({@code **}{@code /gateway-sync/demo.yaml}) for an include pattern that finds them by a wildcard.
 */
public final class OneShot extends MainListenerSupport {

    public static final String SWITCH = "sync.once.minimal";
    /** Route files of the engine that only the HTTP server uses. */
    static final String HTTP_ROUTES = "**/gateway-sync/gateway-api.yaml,**/gateway-sync/demo.yaml";
    private static final List<String> HTTP_ROUTE_FILES = List.of("gateway-sync/gateway-api.yaml", "gateway-sync/demo.yaml");

    private static final Logger LOG = LoggerFactory.getLogger(OneShot.class);

    @Override
    public void beforeConfigure(BaseMainSupport support) {
        PropertiesComponent properties = support.getCamelContext().getPropertiesComponent();
        overrides(properties).forEach(properties::addOverrideProperty);
    }

    /** The properties that trim the start-up, given the configuration as resolved so far. */
    static Map<String, String> overrides(PropertiesComponent properties) {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (!flag(properties, SWITCH, true)) {
            return overrides;
        }
        overrides.put("camel.main.jmx-enabled", "false");
        overrides.put("jolokia.enabled", "false"); // no MBeans to show, and a one-off run is gone before anyone connects
        overrides.put("camel.management.enabled", "false");
        overrides.put("camel.metrics.enabled", "false");
        overrides.put("camel.health.enabled", "false");
        // Quartz would create the platform MBean server to register its scheduler (~50 ms, JFR) for no JMX.
        overrides.put("camel.component.quartz.enable-jmx", "false");
        boolean demo = flag(properties, "demo.enabled", false);
        if (!demo) {
            overrides.put("camel.server.enabled", "false");
            properties.resolveProperty("camel.main.routes-include-pattern").ifPresent(included ->
                    overrides.put("camel.main.routes-include-pattern", withoutHttpRoutes(included)));
            String excluded = properties.resolveProperty("camel.main.routes-exclude-pattern").orElse("").trim();
            overrides.put("camel.main.routes-exclude-pattern", excluded.isEmpty() ? HTTP_ROUTES : excluded + "," + HTTP_ROUTES);
        }
        LOG.info("--once: JMX, Jolokia, metrics and health checks off{} ({}=false keeps them)",
                demo ? "; the HTTP server stays on for the demo source (demo.enabled=true)" : ", no HTTP server", SWITCH);
        return overrides;
    }

    static String withoutHttpRoutes(String includePattern) {
        return Arrays.stream(includePattern.split(","))
                .map(String::trim)
                .filter(location -> HTTP_ROUTE_FILES.stream().noneMatch(file ->
                        location.equals("classpath:" + file) || location.endsWith("/" + file)))
                .collect(Collectors.joining(","));
    }

    /**
     * Makes the stop that follows quick once every run has finished. The summary line is published from
     * inside the run's route, a moment before its exchange completes, and stopping the context with an
     * exchange still in flight makes Camel's shutdown strategy sleep a whole second before it looks
     * again: wait (briefly) for the exchanges to leave. Then stop Quartz without waiting for its idle
     * worker threads, which look up only every half second; no job is running any more.
     */
    public static void settle(CamelContext context) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (context.getInflightRepository().size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (context.getInflightRepository().size() == 0
                && context.hasComponent("quartz") instanceof QuartzComponent quartz && quartz.getScheduler() != null) {
            try {
                quartz.getScheduler().shutdown(false);
            } catch (SchedulerException e) {
                LOG.debug("Quartz: {}", e.getMessage());
            }
        }
    }

    private static boolean flag(PropertiesComponent properties, String key, boolean fallback) {
        String value = properties.resolveProperty(key).map(String::trim).orElse(Boolean.toString(fallback));
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new ConfigurationException("property '" + key + "' has invalid value '" + value + "'; allowed: true, false");
        }
        return Boolean.parseBoolean(value);
    }
}

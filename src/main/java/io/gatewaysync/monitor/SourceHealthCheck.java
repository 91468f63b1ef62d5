package io.gatewaysync.monitor;

import io.gatewaysync.run.RunResult;
import io.gatewaysync.run.SyncSource;
import io.gatewaysync.sync.RunStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Readiness of one source: DOWN when its last run ended FAILED (the run itself could not go on, e.g.
 * the database went away mid-run). PARTIAL (the source's listing broke off) and failed objects leave
 * it UP: they are the source's trouble, reported in the details, in JMX and in the metrics. UP before
 * the first run.
 */
public class SourceHealthCheck extends AbstractHealthCheck {

    public static final String PREFIX = "gateway-sync-source-";

    private final SyncSource source;

    public SourceHealthCheck(SyncSource source) {
        super("gateway-sync", PREFIX + source.name());
        this.source = source;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("source", source.name());
        builder.detail("state", source.currentRun() != null ? "RUNNING" : source.paused() ? "PAUSED" : "IDLE");
        RunResult last = source.lastResult();
        if (last == null) {
            builder.detail("last.run", "none since start").up();
            return;
        }
        builder.detail("last.run.status", last.status().name());
        builder.detail("last.run.ended", last.ended().toString());
        builder.detail("last.run.summary", last.line());
        if (last.status() == RunStatus.FAILED) {
            builder.detail("last.run.error", String.valueOf(last.error()));
            builder.message("the last run of source '" + source.name() + "' FAILED: " + last.error()).down();
        } else {
            builder.up();
        }
    }
}

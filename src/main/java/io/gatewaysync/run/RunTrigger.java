package io.gatewaysync.run;

import java.util.Locale;
import java.util.Map;

/**
 * What started a run, as the run history shows it. A run started outside its cron schedule goes
 * through the source's own Quartz job (no overlap), carrying its trigger in the fired trigger's
 * JobDataMap; a fire of the cron trigger carries none and is {@link #SCHEDULE}.
 */
public enum RunTrigger {
    /** The source's cron schedule. */
    SCHEDULE,
    /** {@code sync.run-on-startup}: every source once right after the engine starts. */
    STARTUP,
    /** {@code --once}. */
    ONCE,
    /** An operator over JMX ({@code syncNow}, also through Jolokia). */
    MANUAL,
    /** An operator over the REST API ({@code POST /api/_sources/{name}/sync}, the console). */
    API,
    /** A batch of notifications ({@code POST /api/_notify/{source}}), synced object by object. */
    NOTIFICATION,
    /** One object synced on request (JMX {@code syncObject}, a retry of a failing record). */
    OBJECT;

    /** Key of the trigger in a manually fired Quartz trigger's JobDataMap. */
    public static final String JOB_DATA_KEY = "gatewaySyncTrigger";
    /** Header in which camel-quartz hands the fired trigger's merged JobDataMap to the route. */
    static final String MERGED_JOB_DATA = "mergedJobDataMap";

    /** The name the history and the API use: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The trigger of a fired Quartz job: the one its JobDataMap names, else the schedule. */
    static RunTrigger of(Object mergedJobDataMap) {
        if (mergedJobDataMap instanceof Map<?, ?> data && data.get(JOB_DATA_KEY) instanceof String name) {
            try {
                return valueOf(name);
            } catch (IllegalArgumentException unknown) {
                return SCHEDULE;
            }
        }
        return SCHEDULE;
    }
}

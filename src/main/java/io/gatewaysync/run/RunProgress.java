package io.gatewaysync.run;

import java.time.Instant;
import java.util.Locale;

/**
 * Where a run in progress stands: what the log line, the live line of {@code --once}, JMX and the API
 * show while a run goes on. The rate is over the whole run so far (objects seen per second since the
 * start); the time left is only known when the source reports the size of its collection.
 *
 * @param total the collection's size as the source reports it, else {@code null}
 */
public record RunProgress(String source, long runNumber, Instant startedAt, long pages, long objectsSeen,
                          long elapsedMs, Long total) {

    /** The progress of {@code run} now. */
    public static RunProgress of(SyncRun run) {
        return new RunProgress(run.source().name(), run.number(), run.started(), run.summary().pages(),
                run.summary().seen(), run.elapsed().toMillis(), run.totalCount());
    }

    public double objectsPerSecond() {
        return objectsSeen * 1000.0 / Math.max(1, elapsedMs);
    }

    /** Seconds until the reported total is reached at the rate so far; {@code null} without a total or a rate. */
    public Long etaSeconds() {
        if (total == null || objectsSeen == 0) {
            return null;
        }
        return total <= objectsSeen ? 0L : (long) Math.ceil((total - objectsSeen) / objectsPerSecond());
    }

    /** One line of plain text, e.g. {@code pets: 12 pages, 12,000 of 50,000 objects (24%), 4,000/s, 0:03, about 0:10 left}. */
    public String line() {
        return source + ": " + figures();
    }

    /** The line without the source's name. */
    public String figures() {
        StringBuilder b = new StringBuilder()
                .append(String.format(Locale.ROOT, "%,d", pages)).append(pages == 1 ? " page, " : " pages, ")
                .append(String.format(Locale.ROOT, "%,d", objectsSeen));
        if (total != null) {
            b.append(String.format(Locale.ROOT, " of %,d objects (%d%%)", total,
                    total == 0 ? 100 : Math.min(100, objectsSeen * 100 / total)));
        } else {
            b.append(" objects");
        }
        b.append(String.format(Locale.ROOT, ", %,.0f/s, %s", objectsPerSecond(), clock(elapsedMs / 1000)));
        Long eta = etaSeconds();
        if (eta != null) {
            b.append(", about ").append(clock(eta)).append(" left");
        }
        return b.toString();
    }

    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}

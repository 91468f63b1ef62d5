package io.gatewaysync.run;

import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * The route parameters of a source that shape its runs beyond the listing itself: the JSONata
 * mappings and incremental listings. Read from the same template parameters as
 * {@link SourceDefinition}, kept apart so that each feature stays in classes of its own.
 *
 * @param changedSinceParam  query parameter that asks the source for objects changed since a moment, or null
 *                           (every run lists completely)
 * @param changedSinceFormat how that moment is written
 * @param overlap            subtracted from the watermark, for clock skew between engine and source
 * @param fullSyncSchedule   when complete listings are due (Quartz cron), or null: one per 24 hours
 */
public record SourceOptions(SourceMapping mapping, String changedSinceParam, ChangedSinceFormat changedSinceFormat,
                            Duration overlap, CronExpression fullSyncSchedule) {

    public static final SourceOptions NONE = new SourceOptions(SourceMapping.NONE, null, ChangedSinceFormat.ISO,
            Duration.ofMinutes(5), null);

    /** Without a fullSyncSchedule, a run lists completely when no complete listing ended this long ago. */
    static final Duration FULL_EVERY = Duration.ofHours(24);

    public enum ChangedSinceFormat {
        ISO, EPOCH_MS, EPOCH_S;

        static ChangedSinceFormat parse(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "iso" -> ISO;
                case "epoch-ms" -> EPOCH_MS;
                case "epoch-s" -> EPOCH_S;
                default -> throw new IllegalArgumentException(value);
            };
        }

        String format(Instant moment) {
            return switch (this) {
                case ISO -> moment.toString();
                case EPOCH_MS -> Long.toString(moment.toEpochMilli());
                case EPOCH_S -> Long.toString(moment.getEpochSecond());
            };
        }
    }

    public static SourceOptions from(Map<String, String> parameters, String origin) {
        SourceMapping mapping = SourceMapping.of(parameters.get("mapping"), parameters.get("reverseMapping"), origin);
        String param = blankToNull(parameters.get("changedSinceParam"));
        String formatText = blankToNull(parameters.get("changedSinceFormat"));
        ChangedSinceFormat format;
        try {
            format = formatText == null ? ChangedSinceFormat.ISO : ChangedSinceFormat.parse(formatText);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(origin + ": parameter 'changedSinceFormat' has invalid value '"
                    + formatText + "'; allowed: iso, epoch-ms, epoch-s");
        }
        String overlapText = blankToNull(parameters.get("changedSinceOverlap"));
        long overlap = 300;
        if (overlapText != null) {
            try {
                overlap = Long.parseLong(overlapText.trim());
            } catch (NumberFormatException e) {
                overlap = -1;
            }
            if (overlap < 0) {
                throw new ConfigurationException(origin + ": parameter 'changedSinceOverlap' has invalid value '"
                        + overlapText + "'; allowed: a whole number of seconds >= 0");
            }
        }
        String cronText = blankToNull(parameters.get("fullSyncSchedule"));
        CronExpression cron = null;
        if (cronText != null) {
            try {
                cron = new CronExpression(cronText);
            } catch (ParseException e) {
                throw new ConfigurationException(origin + ": parameter 'fullSyncSchedule' has invalid value '"
                        + cronText + "'; allowed: a Quartz cron expression (" + e.getMessage() + ")");
            }
        }
        return new SourceOptions(mapping, param, format, Duration.ofSeconds(overlap), cron);
    }

    public boolean incrementalListings() {
        return changedSinceParam != null;
    }

    /**
     * Whether a run starting {@code now} lists completely: always without {@code changedSinceParam}, and
     * when there is no watermark yet, no complete listing yet, or a complete listing is due: a fire time of
     * {@code fullSyncSchedule} passed since the last one began, or without a schedule, none ended in the
     * last 24 hours.
     */
    boolean fullListingDue(Instant okStartedAt, Instant fullStartedAt, Instant fullFinishedAt, Instant now) {
        if (!incrementalListings() || okStartedAt == null || fullStartedAt == null || fullFinishedAt == null) {
            return true;
        }
        if (fullSyncSchedule != null) {
            Date next = fullSyncSchedule.getNextValidTimeAfter(Date.from(fullStartedAt));
            return next != null && !next.toInstant().isAfter(now);
        }
        return fullFinishedAt.isBefore(now.minus(FULL_EVERY));
    }

    /**
     * The value of {@code changedSinceParam}: the last successful run's start minus the overlap, rounded
     * down to whole seconds (sources compare second-precision dates; earlier only lists more).
     */
    String changedSince(Instant okStartedAt) {
        return changedSinceFormat.format(okStartedAt.minus(overlap).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

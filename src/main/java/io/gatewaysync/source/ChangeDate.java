package io.gatewaysync.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/**
 * Reads an object's change date in the forms APIs use: an ISO-8601 instant or date-time with offset
 * or zone, a local date-time or date (taken as UTC), the same with a space instead of {@code T}
 * (common in PHP APIs), or epoch milliseconds as a number or digits. Anything else gives
 * {@code null}: an unknown date only means the conflict rule falls back to the source of truth,
 * which is no reason to reject the object.
 */
public final class ChangeDate {

    private static final Pattern SPACE_SEPARATED = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d.*");
    private static final Pattern DIGITS = Pattern.compile("^-?\\d{1,18}$");

    private ChangeDate() {
    }

    public static Instant parse(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() && node.canConvertToLong() ? Instant.ofEpochMilli(node.longValue()) : null;
        }
        return node.isTextual() ? parse(node.textValue()) : null;
    }

    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.isEmpty() || t.length() > 64) {
            return null;
        }
        if (DIGITS.matcher(t).matches()) {
            return Instant.ofEpochMilli(Long.parseLong(t));
        }
        if (SPACE_SEPARATED.matcher(t).matches()) {
            t = t.substring(0, 10) + 'T' + t.substring(11);
        }
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(t, ZonedDateTime::from, LocalDateTime::from);
            return parsed instanceof ZonedDateTime z ? z.toInstant() : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException notADateTime) {
            try {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeException notADate) {
                return null;
            }
        }
    }
}

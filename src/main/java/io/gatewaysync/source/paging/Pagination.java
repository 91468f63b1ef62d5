package io.gatewaysync.source.paging;

import io.gatewaysync.source.ListingShapes;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a source's listing is split into pages. The labels are what operators write in the route
 * parameter {@code pagination}; {@link #parse} accepts them (and the constant names) in any case.
 */
public enum Pagination {
    /**
     * Per page: a Link header {@code rel="next"}, else a next link in the body, else this was the last
     * page; the list and the link of HAL, OData, JSON:API and Hydra are found by {@link ListingShapes}.
     */
    AUTO("auto"),
    /** One request returns everything. */
    NONE("none"),
    /** Page-number and page-size query parameters. */
    PAGE("page"),
    /** Offset and limit query parameters. */
    OFFSET("offset"),
    /** A URL or path to the next page somewhere in the body. */
    NEXT_LINK("next-link"),
    /** RFC 8288 {@code Link: <…>; rel="next"} response header. */
    LINK_HEADER("link-header"),
    /** A token in the body ({@code cursorPath}) sent back as a query parameter ({@code cursorParam}). */
    CURSOR("cursor"),
    /** {@code Range: items=a-b} request header, {@code Content-Range: items a-b/total} reply (RFC 9110 style). */
    RANGE("range"),
    /**
     * PostgREST's dialect of item ranges: {@code Range-Unit: items} and {@code Range: a-b} (PostgREST ignores
     * {@code items=a-b}), {@code Prefer: count=exact}, replies {@code Content-Range: a-b/total}.
     */
    POSTGREST("postgrest");

    private final String label;

    Pagination(String label) {
        this.label = label;
    }

    /** The operator-facing name, e.g. {@code next-link}. */
    public String label() {
        return label;
    }

    /** Whether pages are item ranges in request headers ({@code range}, {@code postgrest}). */
    public boolean isRange() {
        return this == RANGE || this == POSTGREST;
    }

    /**
     * Parses a label ({@code next-link}) or constant name ({@code NEXT_LINK}), ignoring case.
     *
     * @throws IllegalArgumentException naming the value and the allowed labels
     */
    public static Pagination parse(String v) {
        if (v != null) {
            String wanted = v.trim().toLowerCase(Locale.ROOT);
            for (Pagination p : values()) {
                if (p.label.equals(wanted) || p.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown pagination '" + v + "'; allowed: "
                + Arrays.stream(values()).map(Pagination::label).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label;
    }
}

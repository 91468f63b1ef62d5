package io.gatewaysync.source;

import io.gatewaysync.source.paging.Pagination;

import java.util.List;

/**
 * What a first page looks like to {@code pagination: auto}: where its objects are, how it pages and
 * which well-known API style gave that away. {@link ListingShapes#recognise} makes one; the parameters
 * are written as route parameters take them (paths escaped per {@link DotPath}), so a probe can print
 * them into a route file as they are.
 *
 * @param recognised  the style, e.g. {@code HAL}, {@code OData}, {@code JSON:API}, {@code Hydra},
 *                    {@code cursor}, {@code Content-Range}, {@code Link header}, {@code next link},
 *                    {@code array}, {@code results}
 * @param resultsPath the list of objects, {@code null} for a root array
 * @param pagination  how to page: {@link Pagination#AUTO} when the first page shows no way to a next one
 * @param nextPath    the next link in the body, or {@code null}
 * @param cursorPath  the next cursor token in the body (for {@link Pagination#CURSOR}), or {@code null}
 * @param cursorParam the query parameter that carries the token, or {@code null}
 * @param totalPath   where the body tells the collection's size, or {@code null}
 * @param idPath      the objects' id ({@code id}, or {@code url} for ZGW-style APIs), {@code null} when unclear
 * @param notes       what was guessed rather than recognised, for an operator to check
 */
public record ListingShape(String recognised, String resultsPath, Pagination pagination, String nextPath,
                           String cursorPath, String cursorParam, String totalPath, String idPath,
                           List<String> notes) {

    public ListingShape {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** Whether the shape was recognised by its well-known keys (not only guessed). */
    public boolean certain() {
        return notes.isEmpty();
    }
}

package io.gatewaysync.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewaysync.source.http.Uris;

import java.net.URI;

/**
 * What write-back needs to speak OData (v4), learnt from a listing page that carried
 * {@code @odata.context}: item URLs are {@code Collection(key)} with the key literal of OData's URL
 * conventions (a string quoted, a quote doubled; a number or GUID as it is), told by the JSON type of
 * the listed ids; a PATCH is {@code application/json} holding the changed properties (OData answers a
 * merge-patch media type with 415); {@code If-Match} carries the entity's {@code @odata.etag}.
 *
 * @param stringKeys the listed ids are JSON strings (quoted in URLs)
 */
public record ODataDialect(boolean stringKeys) {

    private static final java.util.regex.Pattern GUID = java.util.regex.Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The dialect of a listing page, or null when the page is not an OData response. */
    static ODataDialect of(JsonNode root, JsonNode list, IdPath ids) {
        if (!root.isObject() || !root.has("@odata.context")) {
            return null;
        }
        JsonNode first = list.isEmpty() || ids.composite() ? null : ids.single().get(list.get(0));
        return new ODataDialect(first == null || !first.isNumber());
    }

    /** The dialect when {@code writeStyle: odata} is set and no listing told the key type: guessed per id. */
    static final ODataDialect GUESSED = new ODataDialect(true);

    /** {@code Collection(key)}: the collection URL (no trailing '/') with the key literal in parentheses. */
    public URI itemUri(URI collection, String id) {
        String base = collection.toString().replaceAll("/+$", "");
        String literal = keyLiteral(id);
        // the quotes of a string literal stay as they are ('' is a path character); the text between them is encoded
        String shown = literal.startsWith("'")
                ? "'" + Uris.pathSegment(literal.substring(1, literal.length() - 1)) + "'" : Uris.pathSegment(literal);
        return URI.create(base + "(" + shown + ")");
    }

    /** A GUID is a literal of its own in OData v4; numbers only when the listing showed numbers. */
    String keyLiteral(String id) {
        if (GUID.matcher(id).matches() || !stringKeys && id.matches("-?\\d{1,19}")) {
            return id;
        }
        return "'" + id.replace("'", "''") + "'";
    }
}

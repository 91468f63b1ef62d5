package io.gatewaysync.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewaysync.source.http.Uris;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What write-back needs to speak OData (v4), learnt from a listing page that carried
 * {@code @odata.context}: item URLs are {@code Collection(key)} with the key literal of OData's URL
 * conventions (ABNF {@code keyPredicate}); a PATCH is {@code application/json} holding the changed
 * properties (OData answers a merge-patch media type with 415); {@code If-Match} carries the entity's
 * {@code @odata.etag}.
 *
 * <p>The key literal follows the key property's EDM type as the service's {@code $metadata} declares it
 * ({@link #withKeys}, read once per run by {@link SourceClient}): {@code Edm.String} quoted with a quote
 * doubled, numbers, {@code Edm.Guid}, dates, times and {@code Edm.Boolean} bare, {@code Edm.Duration} as
 * {@code duration'…'}, an enum as {@code Ns.Type'member'}. Until that is known (no {@code $metadata} to be
 * had) it follows the JSON type of the listed ids. A composite key ({@code idPath: "a,b"} naming several
 * key properties) is {@code (a=1,b='x')}: each idPath part is paired with the key property of its name (its
 * last segment), else with the key property at its position.
 *
 * @param stringKeys the listed ids are JSON strings (quoted in URLs when the key's type is not known)
 * @param context    where the listing's {@code @odata.context} points ($metadata and entity set), or null
 * @param idNames    the idPath's parts, by the name of their last segment
 * @param keys       the key properties as {@code $metadata} declares them; empty until read (or unreadable)
 */
public record ODataDialect(boolean stringKeys, ODataMetadata.Context context, List<String> idNames,
                           List<ODataMetadata.KeyProperty> keys) {

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|INF|-INF|NaN");
    /** Dates, times and offsets: digits and the characters of their ABNF forms, nothing that ends a path. */
    private static final Pattern TEMPORAL = Pattern.compile("[0-9T:.Z+-]+");

    /** A dialect from the listed ids' JSON type alone (no context, no key types). */
    public ODataDialect(boolean stringKeys) {
        this(stringKeys, null, List.of(), List.of());
    }

    public ODataDialect {
        idNames = List.copyOf(idNames);
        keys = List.copyOf(keys);
    }

    /** The dialect of a listing page read from {@code uri}, or null when the page is not an OData response. */
    static ODataDialect of(JsonNode root, JsonNode list, IdPath ids, URI uri) {
        if (!root.isObject() || !root.has("@odata.context")) {
            return null;
        }
        JsonNode first = list.isEmpty() || ids.composite() ? null : ids.single().get(list.get(0));
        List<String> names = new ArrayList<>();
        for (DotPath part : ids.parts()) {
            String text = part.toString();
            names.add(text.substring(text.lastIndexOf('.') + 1).replaceAll("^\\[['\"]|['\"]]$", ""));
        }
        return new ODataDialect(first == null || !first.isNumber(),
                ODataMetadata.Context.of(root.path("@odata.context").asText(), uri), names, List.of());
    }

    /** The dialect when {@code writeStyle: odata} is set and no listing told the key type: guessed per id. */
    static final ODataDialect GUESSED = new ODataDialect(true);

    /** This dialect with the key properties {@code $metadata} declares. */
    public ODataDialect withKeys(List<ODataMetadata.KeyProperty> declared) {
        return new ODataDialect(stringKeys, context, idNames, declared);
    }

    /** {@code Collection(key)}: the collection URL (no trailing '/') with the key predicate in parentheses. */
    public URI itemUri(URI collection, String id) {
        String base = collection.toString().replaceAll("/+$", "");
        return URI.create(base + "(" + keyPredicate(id) + ")");
    }

    /** The key predicate as it goes into a URL: {@code 'a%20b'}, {@code 42}, {@code a=1,b='x'}. */
    String keyPredicate(String id) {
        if (keys.size() < 2 || idNames.size() < 2) {
            return encoded(keyLiteral(id));
        }
        List<String> values = IdPath.split(id);
        if (values.size() != keys.size() || idNames.size() != keys.size()) {
            throw new IllegalArgumentException("the OData key of " + context.entitySet() + " has "
                    + keys.size() + " properties (" + keys.stream().map(ODataMetadata.KeyProperty::name).toList()
                    + "), the id '" + id + "' " + values.size() + " parts: set idPath to the key properties");
        }
        StringBuilder predicate = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            ODataMetadata.KeyProperty key = keyNamed(idNames.get(i), i);
            predicate.append(i == 0 ? "" : ",").append(Uris.pathSegment(key.name())).append('=')
                    .append(encoded(literal(key.type(), values.get(i))));
        }
        return predicate.toString();
    }

    /** The key property called {@code name}, else the one at {@code position}. */
    private ODataMetadata.KeyProperty keyNamed(String name, int position) {
        return keys.stream().filter(k -> k.name().equals(name)).findFirst().orElse(keys.get(position));
    }

    /** The literal of a single key: by its declared EDM type, else by the listed ids' JSON type. */
    String keyLiteral(String id) {
        if (keys.size() == 1) {
            return literal(keys.get(0).type(), id);
        }
        if (GUID.matcher(id).matches() || !stringKeys && id.matches("-?\\d{1,19}")) {
            return id;
        }
        return quoted(id);
    }

    /**
     * The OData v4 literal of {@code value} as a key of EDM type {@code type} (null: not declared, by the
     * value's form as before). A value that is not of its declared type is an error naming both.
     */
    static String literal(String type, String value) {
        if (type == null || type.isBlank()) {
            return GUID.matcher(value).matches() ? value : quoted(value);
        }
        switch (type) {
            case "Edm.String":
                return quoted(value);
            case "Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64":
                return checked(type, value, INTEGER.matcher(value).matches());
            case "Edm.Decimal", "Edm.Double", "Edm.Single":
                return checked(type, value, DECIMAL.matcher(value).matches());
            case "Edm.Guid":
                return checked(type, value, GUID.matcher(value).matches());
            case "Edm.Boolean":
                String lower = value.toLowerCase(Locale.ROOT);
                return checked(type, lower, lower.equals("true") || lower.equals("false"));
            case "Edm.Date", "Edm.DateTimeOffset", "Edm.TimeOfDay":
                return checked(type, value, TEMPORAL.matcher(value).matches());
            case "Edm.Duration":
                return "duration" + quoted(value);
            case "Edm.Binary":
                return "binary" + quoted(value);
            default:
                // an enum type (Ns.Color): its qualified name before the quoted member
                return type.startsWith("Edm.") ? quoted(value) : type + quoted(value);
        }
    }

    private static String checked(String type, String value, boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("the OData key is " + type + " in $metadata, but the id '" + value
                    + "' is not one: check idPath");
        }
        return value;
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A literal for a URL path: the text between a literal's quotes percent-encoded, the quotes kept. */
    private static String encoded(String literal) {
        int open = literal.indexOf('\'');
        if (open < 0 || !literal.endsWith("'") || open == literal.length() - 1) {
            return Uris.pathSegment(literal);
        }
        return literal.substring(0, open) + "'" + Uris.pathSegment(literal.substring(open + 1, literal.length() - 1)) + "'";
    }
}

package io.gatewaysync.source.probe;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewaysync.source.SourceClient;
import io.gatewaysync.source.SourceException;
import io.gatewaysync.source.ODataMetadata;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * An OData listing's key, as its service declares it: the listing's {@code @odata.context} names the
 * service's {@code $metadata} and the entity set ({@code …/$metadata#Books}); the entity set's type has
 * a {@code <Key>} of one or more {@code <PropertyRef>}s. That is the id the probe writes, instead of a
 * guess from the objects' field names.
 */
final class ODataKeys {

    private ODataKeys() {
    }

    /** The key as an {@code idPath} (composite keys comma-separated), or {@code null} when it cannot be read. */
    static String of(SourceClient client, JsonNode page, URI listing) {
        ODataMetadata.Context context = ODataMetadata.Context.of(page.path("@odata.context").asText(""), listing);
        if (context == null) {
            return null;
        }
        try {
            byte[] xml = client.get(context.metadata(), Map.of("Accept", "application/xml")).body();
            return key(xml, context.entitySet());
        } catch (SourceException | IllegalStateException unreadable) {
            return null; // no $metadata to be had: the probe guesses from the objects as for any listing
        }
    }

    /** The key of entity set {@code set} in a CSDL document. */
    static String key(byte[] csdl, String set) {
        List<ODataMetadata.KeyProperty> keys = ODataMetadata.key(csdl, set);
        return keys.isEmpty() ? null : String.join(",", keys.stream().map(ODataMetadata.KeyProperty::name).toList());
    }
}

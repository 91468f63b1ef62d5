package io.gatewaysync.source.probe;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewaysync.source.SourceClient;
import io.gatewaysync.source.SourceException;
import io.gatewaysync.source.http.Uris;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
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
        String context = page.path("@odata.context").asText("");
        int hash = context.indexOf("$metadata#");
        if (hash < 0) {
            return null;
        }
        URI metadata = Uris.resolveHttp(listing, context.substring(0, hash + "$metadata".length()));
        String set = context.substring(hash + "$metadata#".length()).replaceAll("[(/].*$", "");
        if (metadata == null || set.isBlank()) {
            return null;
        }
        try {
            byte[] xml = client.get(metadata, Map.of("Accept", "application/xml")).body();
            return key(xml, set);
        } catch (SourceException | IllegalStateException unreadable) {
            return null; // no $metadata to be had: the probe guesses from the objects as for any listing
        }
    }

    /** The key of entity set {@code set} in a CSDL document. */
    static String key(byte[] csdl, String set) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(csdl));
        } catch (Exception e) {
            throw new IllegalStateException("not a CSDL document: " + e.getMessage(), e);
        }
        String type = null;
        for (Element es : elements(doc, "EntitySet")) {
            if (set.equals(es.getAttribute("Name"))) {
                type = es.getAttribute("EntityType");
            }
        }
        if (type == null || type.isBlank()) {
            return null;
        }
        String simple = type.substring(type.lastIndexOf('.') + 1);
        for (Element et : elements(doc, "EntityType")) {
            if (!simple.equals(et.getAttribute("Name"))) {
                continue;
            }
            List<String> keys = new ArrayList<>();
            for (Element ref : elements(et, "PropertyRef")) {
                keys.add(ref.getAttribute("Name"));
            }
            return keys.isEmpty() ? null : String.join(",", keys);
        }
        return null;
    }

    private static List<Element> elements(Object parent, String localName) {
        NodeList nodes = parent instanceof Document d ? d.getElementsByTagNameNS("*", localName)
                : ((Element) parent).getElementsByTagNameNS("*", localName);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }
}

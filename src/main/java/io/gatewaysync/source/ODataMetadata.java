package io.gatewaysync.source;

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

/**
 * An OData service's own word on an entity set's key: its {@code $metadata} (CSDL XML) names the set's
 * entity type, whose {@code <Key>} lists one or more {@code <PropertyRef>}s, each a property with an EDM
 * type ({@code Edm.String}, {@code Edm.Int32}, …). A listing's {@code @odata.context}
 * ({@code …/$metadata#Books}) says where that document is and which set the listing is.
 */
public final class ODataMetadata {

    /** One key property: its name and EDM type ({@code Edm.String}; an enum or type definition's qualified name). */
    public record KeyProperty(String name, String type) {
    }

    /** Where a listing's {@code @odata.context} points: the {@code $metadata} document and the entity set. */
    public record Context(URI metadata, String entitySet) {

        /** The context of a listing read from {@code listing}, or null when {@code context} names none. */
        public static Context of(String context, URI listing) {
            int hash = context == null ? -1 : context.indexOf("$metadata#");
            if (hash < 0) {
                return null;
            }
            URI metadata = Uris.resolveHttp(listing, context.substring(0, hash + "$metadata".length()));
            String set = context.substring(hash + "$metadata#".length()).replaceAll("[(/].*$", "");
            return metadata == null || set.isBlank() ? null : new Context(metadata, set);
        }
    }

    private ODataMetadata() {
    }

    /**
     * The key of entity set {@code set} in a CSDL document, in the order of its {@code <PropertyRef>}s; empty
     * when the set or its type is not declared. A type definition is resolved to its underlying type.
     *
     * @throws IllegalStateException when {@code csdl} is not an XML document
     */
    public static List<KeyProperty> key(byte[] csdl, String set) {
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
            return List.of();
        }
        String simple = simpleName(type);
        for (Element et : elements(doc, "EntityType")) {
            if (!simple.equals(et.getAttribute("Name"))) {
                continue;
            }
            List<KeyProperty> keys = new ArrayList<>();
            for (Element ref : elements(et, "PropertyRef")) {
                String name = ref.getAttribute("Name");
                keys.add(new KeyProperty(name, underlying(doc, propertyType(et, name))));
            }
            return keys;
        }
        return List.of();
    }

    /** The property's declared type, or null (a key inherited from a base type: not followed). */
    private static String propertyType(Element entityType, String name) {
        for (Element p : elements(entityType, "Property")) {
            if (name.equals(p.getAttribute("Name"))) {
                return p.getAttribute("Type");
            }
        }
        return null;
    }

    /** {@code Ns.Code} declared as {@code <TypeDefinition UnderlyingType="Edm.String">}: Edm.String. */
    private static String underlying(Document doc, String type) {
        if (type == null || type.startsWith("Edm.")) {
            return type;
        }
        for (Element td : elements(doc, "TypeDefinition")) {
            if (simpleName(type).equals(td.getAttribute("Name"))) {
                return td.getAttribute("UnderlyingType");
            }
        }
        return type;
    }

    private static String simpleName(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
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

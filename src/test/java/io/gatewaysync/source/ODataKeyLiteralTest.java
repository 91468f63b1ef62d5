package io.gatewaysync.source;

import io.gatewaysync.source.ODataMetadata.KeyProperty;
import io.gatewaysync.source.paging.Pagination;
import io.gatewaysync.testsupport.TestJson;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OData key literals by the key property's EDM type from {@code $metadata} (OData v4 ABNF keyPredicate), not by
 * the JSON type of the listed id: a string that looks like a number stays quoted, an Int64 a service writes as a
 * JSON string (IEEE754Compatible) goes bare.
 */
class ODataKeyLiteralTest {

    static final URI BOOKS = URI.create("http://h.test/odata/Books");

    static ODataDialect typed(String type) {
        return new ODataDialect(false).withKeys(List.of(new KeyProperty("ID", type)));
    }

    @Test
    void everyKeyTypeHasItsLiteral() {
        assertEquals("'42'", typed("Edm.String").keyLiteral("42"), "a string that looks like a number is quoted");
        assertEquals("'O''Brien'", typed("Edm.String").keyLiteral("O'Brien"), "a quote is doubled");
        for (String integer : List.of("Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64")) {
            assertEquals("-42", typed(integer).keyLiteral("-42"), integer);
        }
        for (String decimal : List.of("Edm.Decimal", "Edm.Double", "Edm.Single")) {
            assertEquals("3.25", typed(decimal).keyLiteral("3.25"), decimal);
        }
        assertEquals("1E+10", typed("Edm.Double").keyLiteral("1E+10"));
        assertEquals("0f8fad5b-d9cb-469f-a165-70867728950e", typed("Edm.Guid").keyLiteral("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assertEquals("2026-12-07T19:30:00Z", typed("Edm.DateTimeOffset").keyLiteral("2026-12-07T19:30:00Z"));
        assertEquals("2026-12-07T19:30:00+01:00", typed("Edm.DateTimeOffset").keyLiteral("2026-12-07T19:30:00+01:00"));
        assertEquals("2026-12-07", typed("Edm.Date").keyLiteral("2026-12-07"));
        assertEquals("19:30:00.5", typed("Edm.TimeOfDay").keyLiteral("19:30:00.5"));
        assertEquals("true", typed("Edm.Boolean").keyLiteral("True"));
        assertEquals("duration'P1DT2H'", typed("Edm.Duration").keyLiteral("P1DT2H"));
        assertEquals("Shop.Color'Red'", typed("Shop.Color").keyLiteral("Red"), "an enum member with its type");
    }

    @Test
    void aValueNotOfItsDeclaredTypeIsAnErrorNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> typed("Edm.Int32").keyLiteral("abc"));
        assertTrue(e.getMessage().contains("Edm.Int32") && e.getMessage().contains("'abc'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> typed("Edm.Guid").keyLiteral("42"));
        assertThrows(IllegalArgumentException.class, () -> typed("Edm.DateTimeOffset").keyLiteral("2026/12/07"));
    }

    @Test
    void withoutMetadataTheListedJsonTypeDecides() {
        assertEquals("'42'", new ODataDialect(true).keyLiteral("42"));
        assertEquals("42", new ODataDialect(false).keyLiteral("42"));
        assertEquals("0f8fad5b-d9cb-469f-a165-70867728950e", new ODataDialect(true).keyLiteral("0f8fad5b-d9cb-469f-a165-70867728950e"));
    }

    @Test
    void itemUrlsEncodeTheTextBetweenTheQuotes() {
        assertEquals("http://h.test/odata/Books('a%20b%27%27c')", typed("Edm.String").itemUri(BOOKS, "a b'c").toString());
        assertEquals("http://h.test/odata/Books(7)", typed("Edm.Int64").itemUri(BOOKS, "7").toString());
        assertEquals("http://h.test/odata/Books(2026-12-07T19%3A30%3A00%2B01%3A00)",
                typed("Edm.DateTimeOffset").itemUri(BOOKS, "2026-12-07T19:30:00+01:00").toString(), "'+' is not a space");
    }

    /** The route's idPath names the key properties: each part pairs with the property of its name, whatever the order. */
    @Test
    void aCompositeKeyNamesEachPart() {
        ODataDialect dialect = dialect("OrderID,Line", List.of(new KeyProperty("Line", "Edm.Int32"),
                new KeyProperty("OrderID", "Edm.String")));
        assertEquals("http://h.test/odata/Lines(OrderID='1%2C2',Line=3)",
                dialect.itemUri(URI.create("http://h.test/odata/Lines"), IdPath.of("p0,p1").text(TestJson.obj("p0", "1,2", "p1", "3"))).toString());
        ODataDialect byPosition = dialect("a.x,b.y", List.of(new KeyProperty("A", "Edm.Int32"),
                new KeyProperty("B", "Edm.String")));
        assertEquals("A=1,B='x'", byPosition.keyPredicate("1,x"), "parts named otherwise pair by position");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dialect.keyPredicate("1"));
        assertTrue(e.getMessage().contains("2 properties"), e.getMessage());
    }

    @Test
    void theCsdlKeyIsReadWithItsTypes() {
        String csdl = "<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\"><edmx:DataServices>"
                + "<Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" Namespace=\"Shop\">"
                + "<TypeDefinition Name=\"Code\" UnderlyingType=\"Edm.String\"/>"
                + "<EntityType Name=\"Line\"><Key><PropertyRef Name=\"OrderID\"/><PropertyRef Name=\"Line\"/></Key>"
                + "<Property Name=\"OrderID\" Type=\"Shop.Code\" Nullable=\"false\"/><Property Name=\"Line\" Type=\"Edm.Int32\"/>"
                + "</EntityType><EntityContainer Name=\"C\"><EntitySet Name=\"Lines\" EntityType=\"Shop.Line\"/>"
                + "</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>";
        assertEquals(List.of(new KeyProperty("OrderID", "Edm.String"), new KeyProperty("Line", "Edm.Int32")),
                ODataMetadata.key(csdl.getBytes(StandardCharsets.UTF_8), "Lines"));
        assertEquals(List.of(), ODataMetadata.key(csdl.getBytes(StandardCharsets.UTF_8), "Books"));
        assertEquals(new ODataMetadata.Context(URI.create("http://h.test/odata/$metadata"), "Lines"),
                ODataMetadata.Context.of("$metadata#Lines/$entity", URI.create("http://h.test/odata/Lines?$top=5")));
    }

    /** A dialect as a listing of {@code Lines} with this idPath makes it, with these key properties. */
    static ODataDialect dialect(String idPath, List<KeyProperty> keys) {
        SourceSettings settings = SourceSettings.of("lines", "http://h.test/odata/Lines").withPagination(Pagination.AUTO)
                .withIdPath(idPath);
        PageParser parser = new PageParser(settings);
        parser.parse(URI.create("http://h.test/odata/Lines"), "{\"@odata.context\":\"$metadata#Lines\",\"value\":[]}"
                .getBytes(StandardCharsets.UTF_8), null, 1);
        return parser.odata().withKeys(keys);
    }
}

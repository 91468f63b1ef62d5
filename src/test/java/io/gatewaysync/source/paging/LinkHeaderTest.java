package io.gatewaysync.source.paging;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LinkHeaderTest {

    private static String next(String... values) {
        return LinkHeader.next(List.of(values));
    }

    @Test
    void githubStyle() {
        assertEquals("https://api.github.com/repos/x/y/issues?page=2",
                next("<https://api.github.com/repos/x/y/issues?page=2>; rel=\"next\", "
                        + "<https://api.github.com/repos/x/y/issues?page=5>; rel=\"last\""));
    }

    @Test
    void nextNeedNotBeFirst() {
        assertEquals("/p?page=3", next("</p?page=1>; rel=\"prev\", </p?page=3>; rel=\"next\""));
    }

    @Test
    void unquotedAndMixedCaseRel() {
        assertEquals("/p2", next("</p2>; rel=next"));
        assertEquals("/p2", next("</p2>;REL=Next"));
    }

    @Test
    void severalRelationTypes() {
        assertEquals("/p2", next("</p2>; rel=\"last next\""));
        assertEquals("/p3", next("</p1>; rel=\"first prev\", </p2>; rel=\"nextish\", </p3>; rel=\"x next y\""));
    }

    @Test
    void commasAndSemicolonsInsideQuotedParameters() {
        assertEquals("/b", next("</a>; title=\"a, <b>; rel=next\"; rel=\"prev\", </b>; rel=\"next\"; title=\"x;y\""));
    }

    @Test
    void severalHeaderValues() {
        assertEquals("/b", next("</a>; rel=\"prev\"", "</b>; rel=\"next\""));
    }

    @Test
    void otherParametersAndSpacing() {
        assertEquals("/b", next("  </b> ;  type=\"application/json\" ;rel = \"next\" "));
    }

    @Test
    void noNext() {
        assertNull(next("</a>; rel=\"prev\""));
        assertNull(next(""));
        assertNull(LinkHeader.next(List.of()));
    }

    @Test
    void garbageIsIgnoredNotThrown() {
        assertNull(next("<unterminated; rel=next"));
        assertNull(next(";;;,,,<>"));
        assertEquals("/ok", next("garbage; rel=next, </ok>; rel=next"));
        assertEquals("/x", next("</x>; rel=\"next"), "an unterminated quote still reads as next");
    }
}

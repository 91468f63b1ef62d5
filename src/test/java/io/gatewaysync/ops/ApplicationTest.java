package io.gatewaysync.ops;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApplicationTest {

    @Test
    void h2sObjectCacheIsOffUnlessTheUserChoseIt() {
        Properties none = new Properties();
        Application.h2Defaults(none);
        assertEquals("false", none.getProperty("h2.objectCache"));

        Properties chosen = new Properties();
        chosen.setProperty("h2.objectCache", "true");
        Application.h2Defaults(chosen);
        assertEquals("true", chosen.getProperty("h2.objectCache"));
    }
}

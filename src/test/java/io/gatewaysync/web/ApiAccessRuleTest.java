package io.gatewaysync.web;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which role each path needs: the console's files are open, everything near them keeps its role. */
class ApiAccessRuleTest {

    @Test
    void theConsolesFilesAreOpenAndNothingElseBecomesOpenWithThem() {
        assertEquals(Optional.empty(), ApiAccessRule.required("GET", "/console"));
        assertEquals(Optional.empty(), ApiAccessRule.required("GET", "/console/"));
        assertEquals(Optional.empty(), ApiAccessRule.required("GET", "/console/console.js"));
        assertEquals(Optional.empty(), ApiAccessRule.required("HEAD", "/console/index.html"));
        // A name that merely starts like it is not the console.
        assertEquals(Optional.of(ApiKeys.Role.ADMIN), ApiAccessRule.required("GET", "/consoles"));
        assertEquals(Optional.of(ApiKeys.Role.ADMIN), ApiAccessRule.required("GET", "/console.js"));
    }

    @Test
    void theOperatorsApiIsReadForViewsAndAdminForActions() {
        assertEquals(Optional.of(ApiKeys.Role.READ), ApiAccessRule.required("GET", "/api/_sources"));
        assertEquals(Optional.of(ApiKeys.Role.READ), ApiAccessRule.required("GET", "/api/_sources/pets"));
        assertEquals(Optional.of(ApiKeys.Role.READ), ApiAccessRule.required("GET", "/api/_runs"));
        assertEquals(Optional.of(ApiKeys.Role.ADMIN), ApiAccessRule.required("POST", "/api/_sources/pets/sync"));
        assertEquals(Optional.of(ApiKeys.Role.ADMIN), ApiAccessRule.required("GET", "/api/_sources/pets/sync"));
        assertEquals(Optional.of(ApiKeys.Role.ADMIN), ApiAccessRule.required("POST", "/api/_synchronizations/pets/3/retry"));
        assertEquals(Optional.of(ApiKeys.Role.ADMIN), ApiAccessRule.required("GET", "/api/_synchronizations"));
        assertEquals(Optional.of(ApiKeys.Role.READ), ApiAccessRule.required("GET", "/api/pets"));
        assertEquals(Optional.of(ApiKeys.Role.WRITE), ApiAccessRule.required("POST", "/api/pets"));
    }
}

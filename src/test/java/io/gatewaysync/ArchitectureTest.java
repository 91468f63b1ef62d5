package io.gatewaysync;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rooms of docs/layout.md as rules: each fails the build when the code breaks the layering, so the
 * architecture stays what the package names say. Main code only (tests reach across on purpose).
 */
@AnalyzeClasses(packages = "io.gatewaysync", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /**
     * No two top-level rooms depend on each other, however indirectly. The rooms inside {@code source}
     * (http, paging, probe) share the source's settings and its error type, so they form one layer; their
     * own order is the rules below.
     */
    @ArchTest
    static final ArchRule noCyclesBetweenRooms = slices().matching("io.gatewaysync.(*)..").should().beFreeOfCycles();

    /** Requests and auth know nothing of how a listing is paged. */
    @ArchTest
    static final ArchRule httpKnowsNoPaging = noClasses().that().resideInAPackage("io.gatewaysync.source.http..")
            .should().dependOnClassesThat().resideInAPackage("io.gatewaysync.source.paging..");

    /** The decision is a pure function of facts: no Camel, no JDBC, no HTTP, nothing of the engine's. */
    @ArchTest
    static final ArchRule decisionIsPure = noClasses().that().resideInAPackage("io.gatewaysync.sync..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "java.sql..", "javax.sql..",
                    "java.net.http..", "io.gatewaysync.run..", "io.gatewaysync.source..", "io.gatewaysync.gateway..",
                    "io.gatewaysync.record..", "io.gatewaysync.db..");

    /** The fronts (command line, HTTP, monitoring) and the composition root sit on top: nothing below uses them. */
    @ArchTest
    static final ArchRule coreKnowsNoFront = noClasses().that().resideInAnyPackage("io.gatewaysync.run..",
                    "io.gatewaysync.source..", "io.gatewaysync.gateway..", "io.gatewaysync.record..",
                    "io.gatewaysync.sync..", "io.gatewaysync.db..")
            .should().dependOnClassesThat().resideInAnyPackage("io.gatewaysync.engine..", "io.gatewaysync.cli..",
                    "io.gatewaysync.web..", "io.gatewaysync.monitor..")
            .allowEmptyShould(true);

    /** The composition root wires the fronts but is not driven by the command line. */
    @ArchTest
    static final ArchRule engineIsNotACommand = noClasses().that().resideInAPackage("io.gatewaysync.engine..")
            .should().dependOnClassesThat().resideInAPackage("io.gatewaysync.cli..");

    /** Monitoring is read by the web layer (operations, redaction), never the other way round. */
    @ArchTest
    static final ArchRule monitoringKnowsNoWeb = noClasses().that().resideInAPackage("io.gatewaysync.monitor..")
            .should().dependOnClassesThat().resideInAnyPackage("io.gatewaysync.web..", "io.gatewaysync.cli..");

    /** A source is an outside API: reading and writing it knows nothing of the gateway or the records. */
    @ArchTest
    static final ArchRule sourceKnowsNoGatewayNorRecords = noClasses().that().resideInAPackage("io.gatewaysync.source..")
            .should().dependOnClassesThat().resideInAnyPackage("io.gatewaysync.gateway..", "io.gatewaysync.record..",
                    "io.gatewaysync.run..");

    /** Records are storage: no HTTP, no Camel routes, no gateway. */
    @ArchTest
    static final ArchRule recordsAreStorage = noClasses().that().resideInAPackage("io.gatewaysync.record..")
            .should().dependOnClassesThat().resideInAnyPackage("io.gatewaysync.source..", "io.gatewaysync.gateway..",
                    "io.gatewaysync.run..", "org.apache.camel..");

    /** HTTP plumbing and paging strategies do not reach up into the probe. */
    @ArchTest
    static final ArchRule probeIsOnTop = noClasses().that().resideInAnyPackage("io.gatewaysync.source.http..",
                    "io.gatewaysync.source.paging..")
            .should().dependOnClassesThat().resideInAPackage("io.gatewaysync.source.probe..");

    /** Only the entry point knows the entry point. */
    @ArchTest
    static final ArchRule entryPointIsUnused = noClasses().that().doNotHaveFullyQualifiedName(Application.class.getName())
            .should().dependOnClassesThat().haveFullyQualifiedName(Application.class.getName());
}

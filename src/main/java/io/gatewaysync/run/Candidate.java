package io.gatewaysync.run;

import io.gatewaysync.gateway.GatewayState;
import io.gatewaysync.record.SyncRecord;
import io.gatewaysync.source.SourceObject;
import io.gatewaysync.sync.Decision;

/**
 * One object on its way through a page: what the source, the gateway and the synchronization record
 * say of it, and the decision taken. Mutable on purpose: the page's steps fill it in one after another.
 */
public final class Candidate {

    private final SourceObject sourceObject;
    private SyncRecord record;
    private GatewayState gateway;
    private Decision decision;
    private boolean reconciled;
    /** The source object mapped to the gateway's shape, or the mapping's failure (computed once, on demand). */
    private SourceMapping mapping = SourceMapping.NONE;
    private SourceMapping.Mapped mapped;
    private RuntimeException mappingError;
    /** Not listed by an incremental run: the source object counts as unchanged, its data is not at hand. */
    private boolean assumedUnchanged;
    /** The record holds only the look-up's columns ({@link SyncRecord#partial}) until {@link FullRecords} reads it whole. */
    private boolean partialRecord;
    /** How the delivery counts when not as its action does (a write decided again after a 412). */
    private io.gatewaysync.sync.Outcome counted;

    Candidate(SourceObject sourceObject, SyncRecord record, GatewayState gateway) {
        this.sourceObject = sourceObject;
        this.record = record;
        this.gateway = gateway;
    }

    public static Candidate fromSource(SourceObject object) {
        return new Candidate(object, null, null);
    }

    public static Candidate fromRecord(SyncRecord record) {
        return new Candidate(null, record, null);
    }

    public static Candidate fromGateway(GatewayState gateway) {
        return new Candidate(null, null, gateway);
    }

    /** The source object, when it was listed (or confirmed) in this run. */
    public SourceObject sourceObject() {
        return sourceObject;
    }

    public boolean onSource() {
        return sourceObject != null;
    }

    /**
     * The object's own item URL: as its listing showed it, else as its record kept it ({@code source_url});
     * null: the default ({@code {url}/{id}}, OData's {@code Entity(key)}).
     */
    public String itemUrl() {
        if (sourceObject != null && sourceObject.itemUrl() != null) {
            return sourceObject.itemUrl();
        }
        return record != null ? record.sourceUrl() : null;
    }

    public String sourceId() {
        return sourceObject != null ? sourceObject.id() : record != null ? record.sourceId() : null;
    }

    public String gatewayId() {
        return gateway != null ? gateway.id() : record != null ? record.gatewayId() : null;
    }

    public SyncRecord record() {
        return record;
    }

    void record(SyncRecord record) {
        this.record = record;
        this.partialRecord = false;
    }

    /** The record as the page look-up read it: enough to find the object unchanged, nothing more. */
    void partialRecord(SyncRecord record) {
        this.record = record;
        this.partialRecord = true;
    }

    boolean partialRecord() {
        return partialRecord;
    }

    /** Its whole record was read (or found missing) by {@link FullRecords}: the look-up's rows do not apply. */
    void markWholeRecordRead() {
        this.wholeRecordRead = true;
    }

    boolean wholeRecordRead() {
        return wholeRecordRead;
    }

    private boolean wholeRecordRead;

    /**
     * Unchanged by the run's {@link KnownRecords}: its record is quiet and holds the listed object's hash.
     * Nothing more is read for it; its record (id, source id and hash only) is marked seen like any other.
     */
    void knownUnchanged(SyncRecord partial) {
        this.record = partial;
        this.partialRecord = true;
        this.knownUnchanged = true;
        this.decision = KNOWN_UNCHANGED;
    }

    boolean knownUnchanged() {
        return knownUnchanged;
    }

    private boolean knownUnchanged;

    /** What {@link io.gatewaysync.sync.Decider} decides for an established record with neither side changed. */
    static final Decision KNOWN_UNCHANGED = new Decision(io.gatewaysync.sync.Scenario.UNCHANGED,
            io.gatewaysync.sync.Action.NONE, false, "unchanged on both sides since last sync");

    public GatewayState gateway() {
        return gateway;
    }

    void gateway(GatewayState gateway) {
        this.gateway = gateway;
    }

    public Decision decision() {
        return decision;
    }

    void decision(Decision decision) {
        this.decision = decision;
    }

    /** The record was rebuilt from an open write intent in this run: it must be saved even if nothing else changes. */
    public boolean reconciled() {
        return reconciled;
    }

    void reconciled(SyncRecord rebuilt) {
        this.record = rebuilt;
        this.partialRecord = false;
        this.reconciled = true;
    }

    void mapping(SourceMapping mapping) {
        this.mapping = mapping;
    }

    SourceMapping mapping() {
        return mapping;
    }

    /** The gateway object for the listed source object ({@code mapping} applied); throws the mapping's failure. */
    public com.fasterxml.jackson.databind.node.ObjectNode gatewayData() {
        return mapped().data();
    }

    /** The hash of {@link #gatewayData()}: what the gateway holds once it is delivered. */
    public String gatewayHash() {
        return mapped().hash();
    }

    private SourceMapping.Mapped mapped() {
        if (mapped == null && mappingError == null) {
            try {
                mapped = mapping.mapped(sourceObject.data(), sourceObject.hash());
            } catch (RuntimeException e) {
                mappingError = e;
            }
        }
        if (mappingError != null) {
            throw mappingError;
        }
        return mapped;
    }

    /** A record's object that an incremental listing did not list: unchanged at the source by assumption. */
    static Candidate assumedUnchanged(SyncRecord record) {
        Candidate c = new Candidate(new SourceObject(record.sourceId(), null, record.sourceHash(),
                record.sourceLastChanged()), record, null);
        c.assumedUnchanged = true;
        return c;
    }

    boolean assumedUnchanged() {
        return assumedUnchanged;
    }

    void counted(io.gatewaysync.sync.Outcome outcome) {
        this.counted = outcome;
    }

    io.gatewaysync.sync.Outcome counted() {
        return counted;
    }

    /** What an operator reads in a dry run or a log line. */
    public String describe() {
        return "source id " + sourceId() + (gatewayId() != null ? ", gateway id " + gatewayId() : "");
    }
}

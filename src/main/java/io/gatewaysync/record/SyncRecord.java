package io.gatewaysync.record;

import java.time.Instant;

/**
 * The relation between one source object and its gateway copy, as of the last sync. The hashes of
 * both sides are what tell which side changed, even when an API has no modification date.
 *
 * @param id            database id; 0 for a record not yet stored
 * @param pendingAction an intent recorded before a call whose result is not yet known
 *                      (e.g. {@code DELETE_IN_SOURCE} deferred until the listing completes, or
 *                      {@code CREATE_IN_SOURCE} written before the POST)
 * @param pendingToken  the client-generated token of a create intent, also sent as {@code Idempotency-Key}
 * @param pendingHash   the hash of the content a create intent sends, to recognise its result later
 * @param sourceEtag    the source object's ETag as last seen (sent as {@code If-Match}), or null
 * @param echoCount     runs in a row (the last: {@code echoRun}) in which a write-back's answer changed the
 *                      gateway copy: a count that keeps growing is an endless relay (the hub)
 * @param gatewayEtag   a remote gateway's ETag of the copy as last seen (sent as {@code If-Match}), or null
 * @param sourceUrl     the object's own item URL as its listing showed it, only when it is not the default
 *                      {@code {url}/{id}} (a {@code self} link, {@code @odata.id}), or null
 */
public record SyncRecord(
        long id,
        String source,
        String sourceId,
        String gatewaySchema,
        String gatewayId,
        String sourceHash,
        String gatewayHash,
        Instant sourceLastChanged,
        Instant gatewayLastChanged,
        Instant lastChecked,
        Instant lastSynced,
        long lastSeenRun,
        int tryCounter,
        boolean blocked,
        Instant blockedUntil,
        String lastError,
        String pendingAction,
        Instant createdAt,
        long version,
        String pendingToken,
        String pendingHash,
        String sourceEtag,
        int echoCount,
        long echoRun,
        String gatewayEtag,
        String sourceUrl) {

    /** A record without a gateway ETag or an item URL of its own (the form from before V16). */
    public SyncRecord(long id, String source, String sourceId, String gatewaySchema, String gatewayId,
                      String sourceHash, String gatewayHash, Instant sourceLastChanged, Instant gatewayLastChanged,
                      Instant lastChecked, Instant lastSynced, long lastSeenRun, int tryCounter, boolean blocked,
                      Instant blockedUntil, String lastError, String pendingAction, Instant createdAt, long version,
                      String pendingToken, String pendingHash, String sourceEtag, int echoCount, long echoRun) {
        this(id, source, sourceId, gatewaySchema, gatewayId, sourceHash, gatewayHash, sourceLastChanged,
                gatewayLastChanged, lastChecked, lastSynced, lastSeenRun, tryCounter, blocked, blockedUntil, lastError,
                pendingAction, createdAt, version, pendingToken, pendingHash, sourceEtag, echoCount, echoRun, null, null);
    }

    /** A record without an ETag or echoes (the form from before conditional writes existed). */
    public SyncRecord(long id, String source, String sourceId, String gatewaySchema, String gatewayId,
                      String sourceHash, String gatewayHash, Instant sourceLastChanged, Instant gatewayLastChanged,
                      Instant lastChecked, Instant lastSynced, long lastSeenRun, int tryCounter, boolean blocked,
                      Instant blockedUntil, String lastError, String pendingAction, Instant createdAt, long version,
                      String pendingToken, String pendingHash) {
        this(id, source, sourceId, gatewaySchema, gatewayId, sourceHash, gatewayHash, sourceLastChanged,
                gatewayLastChanged, lastChecked, lastSynced, lastSeenRun, tryCounter, blocked, blockedUntil, lastError,
                pendingAction, createdAt, version, pendingToken, pendingHash, null, 0, 0, null, null);
    }

    /** A record without a create intent (the form from before write intents existed). */
    public SyncRecord(long id, String source, String sourceId, String gatewaySchema, String gatewayId,
                      String sourceHash, String gatewayHash, Instant sourceLastChanged, Instant gatewayLastChanged,
                      Instant lastChecked, Instant lastSynced, long lastSeenRun, int tryCounter, boolean blocked,
                      Instant blockedUntil, String lastError, String pendingAction, Instant createdAt, long version) {
        this(id, source, sourceId, gatewaySchema, gatewayId, sourceHash, gatewayHash, sourceLastChanged,
                gatewayLastChanged, lastChecked, lastSynced, lastSeenRun, tryCounter, blocked, blockedUntil, lastError,
                pendingAction, createdAt, version, null, null);
    }

    /** A new record for a source object that has no gateway copy yet. */
    public static SyncRecord fresh(String source, String sourceId, String gatewaySchema, Instant now) {
        return new SyncRecord(0, source, sourceId, gatewaySchema, null, null, null, null, null, now, null,
                0, 0, false, null, null, null, now, 0);
    }

    /**
     * A record as the page look-up reads it: only what deciding an unchanged object needs (ids, both
     * hashes, the block and whether an intent is open). Everything else is null or 0, so a partial record
     * must never be written or decided into anything but "unchanged": objects that change get their whole
     * record read first (run/FullRecords).
     */
    public static SyncRecord partial(long id, String source, String sourceId, String gatewayId, String sourceHash,
                                     String gatewayHash, boolean blocked, Instant blockedUntil, String pendingAction) {
        return new SyncRecord(id, source, sourceId, null, gatewayId, sourceHash, gatewayHash, null, null, null, null,
                0, 0, blocked, blockedUntil, null, pendingAction, null, 0);
    }

    /**
     * Established: both ends are known and were synced at least once. Only an established record
     * can tell that a side changed or was deleted; anything else (a failed first delivery, an
     * intent) is decided as if there were no record, so it can never cause a delete.
     */
    public boolean established() {
        return sourceId != null && gatewayId != null && sourceHash != null && gatewayHash != null;
    }

    /**
     * Quiet: established, both sides as synced (the gateway object still holds {@code gatewayObjectHash} ==
     * the record's gateway hash), not blocked, no open intent. A listed object with the record's source
     * hash is then unchanged without a look-up (run/KnownRecords, run/QuietDigest).
     */
    public static boolean quiet(String sourceId, String gatewayId, String sourceHash, String gatewayHash,
                                String gatewayObjectHash, boolean blocked, String pendingAction) {
        return sourceId != null && gatewayId != null && sourceHash != null && gatewayHash != null
                && gatewayHash.equals(gatewayObjectHash) && !blocked && pendingAction == null;
    }

    /** {@link #quiet(String, String, String, String, String, boolean, String)} of this record. */
    public boolean quietWith(String gatewayObjectHash) {
        return quiet(sourceId, gatewayId, sourceHash, gatewayHash, gatewayObjectHash, blocked, pendingAction);
    }

    /** Blocked and still inside its back-off window. */
    public boolean blockedAt(Instant now) {
        return blocked && (blockedUntil == null || blockedUntil.isAfter(now));
    }

    public boolean isNew() {
        return id == 0;
    }

    public SyncRecord synced(String sourceId, String gatewayId, String sourceHash, String gatewayHash,
                             Instant sourceLastChanged, Instant gatewayLastChanged, long run, Instant now) {
        return new SyncRecord(id, source, sourceId, gatewaySchema, gatewayId, sourceHash, gatewayHash,
                sourceLastChanged, gatewayLastChanged, now, now, run, 0, false, null, null, null,
                createdAt, version, null, null, sourceEtag, 0, 0, gatewayEtag, sourceUrl);
    }

    public SyncRecord failed(String error, long run, int maxTries, java.time.Duration blockFor, Instant now) {
        int tries = tryCounter + 1;
        boolean block = maxTries > 0 && tries >= maxTries;
        return new SyncRecord(id, source, sourceId, gatewaySchema, gatewayId, sourceHash, gatewayHash,
                sourceLastChanged, gatewayLastChanged, now, lastSynced, Math.max(run, lastSeenRun), tries,
                block, block ? now.plus(blockFor) : null, truncate(error), pendingAction, createdAt, version,
                pendingToken, pendingHash, sourceEtag, echoCount, echoRun, gatewayEtag, sourceUrl);
    }

    public SyncRecord withPendingAction(String action, long run, Instant now) {
        return new SyncRecord(id, source, sourceId, gatewaySchema, gatewayId, sourceHash, gatewayHash,
                sourceLastChanged, gatewayLastChanged, now, lastSynced, Math.max(run, lastSeenRun), tryCounter,
                blocked, blockedUntil, lastError, action, createdAt, version, pendingToken, pendingHash, sourceEtag, echoCount, echoRun, gatewayEtag, sourceUrl);
    }

    /**
     * A create intent, stored before the call: who the call is for, the token it carries and the hash
     * of the content it sends. The ids of the side being created in stay unknown until the answer.
     */
    public SyncRecord withIntent(String action, String sourceId, String gatewayId, String sourceHash, String gatewayHash,
                                 String token, String contentHash, long run, Instant now) {
        return new SyncRecord(id, source, sourceId, gatewaySchema, gatewayId, sourceHash, gatewayHash,
                sourceLastChanged, gatewayLastChanged, now, lastSynced, Math.max(run, lastSeenRun), tryCounter,
                blocked, blockedUntil, lastError, action, createdAt, version, token, contentHash, sourceEtag, echoCount, echoRun, gatewayEtag, sourceUrl);
    }

    /** An open create intent, whose call may or may not have taken effect. */
    public boolean openIntent(String action) {
        return action.equals(pendingAction) && pendingToken != null;
    }

    /**
     * The record as the crashed run would have committed it, once the object its create call made has
     * been found: both ids and hashes known, the intent closed. Decided like any established record.
     */
    public SyncRecord reconciled(String sourceId, String gatewayId, String sourceHash, String gatewayHash, long run,
                                 Instant now) {
        return new SyncRecord(id, source, sourceId, gatewaySchema, gatewayId, sourceHash, gatewayHash,
                sourceLastChanged, gatewayLastChanged, now, now, Math.max(run, lastSeenRun), 0, false, null, null, null,
                createdAt, version, null, null, sourceEtag, 0, 0, gatewayEtag, sourceUrl);
    }

    /** The gateway edit was seen and accepted as it is (one-way conflict won by the gateway). */
    public SyncRecord acknowledged(String sourceHash, String gatewayHash, long run, Instant now) {
        return new SyncRecord(id, source, sourceId, gatewaySchema, gatewayId, sourceHash, gatewayHash,
                sourceLastChanged, gatewayLastChanged, now, lastSynced, Math.max(run, lastSeenRun), 0,
                false, null, null, null, createdAt, version, null, null, sourceEtag, echoCount, echoRun, gatewayEtag, sourceUrl);
    }

    /** The record with another source hash (e.g. one that no object has, so that the object is delivered again). */
    public SyncRecord withSourceHash(String hash) {
        return new SyncRecord(id, source, sourceId, gatewaySchema, gatewayId, hash, gatewayHash, sourceLastChanged,
                gatewayLastChanged, lastChecked, lastSynced, lastSeenRun, tryCounter, blocked, blockedUntil, lastError,
                pendingAction, createdAt, version, pendingToken, pendingHash, sourceEtag, echoCount, echoRun, gatewayEtag, sourceUrl);
    }

    /** The record with the source object's ETag as now known (null: none). */
    public SyncRecord withEtag(String etag) {
        return new SyncRecord(id, source, sourceId, gatewaySchema, gatewayId, sourceHash, gatewayHash, sourceLastChanged,
                gatewayLastChanged, lastChecked, lastSynced, lastSeenRun, tryCounter, blocked, blockedUntil, lastError,
                pendingAction, createdAt, version, pendingToken, pendingHash, fits(etag, 1000), echoCount, echoRun, gatewayEtag,
                sourceUrl);
    }

    /** The record with its echo count as of run {@code run} (0: the write's answer changed nothing). */
    public SyncRecord withEchoes(int count, long run) {
        return new SyncRecord(id, source, sourceId, gatewaySchema, gatewayId, sourceHash, gatewayHash, sourceLastChanged,
                gatewayLastChanged, lastChecked, lastSynced, lastSeenRun, tryCounter, blocked, blockedUntil, lastError,
                pendingAction, createdAt, version, pendingToken, pendingHash, sourceEtag, count, count == 0 ? 0 : run, gatewayEtag, sourceUrl);
    }

    /** The record with a note for the operator that is not a failure (try counter unchanged). */
    public SyncRecord withNote(String note) {
        return new SyncRecord(id, source, sourceId, gatewaySchema, gatewayId, sourceHash, gatewayHash, sourceLastChanged,
                gatewayLastChanged, lastChecked, lastSynced, lastSeenRun, tryCounter, blocked, blockedUntil,
                truncate(note), pendingAction, createdAt, version, pendingToken, pendingHash, sourceEtag, echoCount, echoRun, gatewayEtag, sourceUrl);
    }

    private static String truncate(String error) {
        if (error == null) {
            return null;
        }
        return error.length() <= 2000 ? error : error.substring(0, 1997) + "...";
    }

    /** The record with a remote gateway's ETag of the copy as now known (null: none). */
    public SyncRecord withGatewayEtag(String etag) {
        return new SyncRecord(id, source, sourceId, gatewaySchema, gatewayId, sourceHash, gatewayHash, sourceLastChanged,
                gatewayLastChanged, lastChecked, lastSynced, lastSeenRun, tryCounter, blocked, blockedUntil, lastError,
                pendingAction, createdAt, version, pendingToken, pendingHash, sourceEtag, echoCount, echoRun, fits(etag, 1000),
                sourceUrl);
    }

    /** The record with the object's own item URL (null: the default {@code {url}/{id}}). */
    public SyncRecord withSourceUrl(String url) {
        return new SyncRecord(id, source, sourceId, gatewaySchema, gatewayId, sourceHash, gatewayHash, sourceLastChanged,
                gatewayLastChanged, lastChecked, lastSynced, lastSeenRun, tryCounter, blocked, blockedUntil, lastError,
                pendingAction, createdAt, version, pendingToken, pendingHash, sourceEtag, echoCount, echoRun, gatewayEtag,
                fits(url, 2000));
    }

    /** A value longer than its column is not kept (an ETag or URL that long is none to rely on), rather than fail the page's commit. */
    private static String fits(String value, int max) {
        return value == null || value.length() <= max ? value : null;
    }
}

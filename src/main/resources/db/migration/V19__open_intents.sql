-- The records that carry an open write intent, one row each, found through ix_open_intent
-- (record_source, action, record_id). Few records ever carry an intent, yet ix_synchronization_pending
-- (V2) held an entry for every record on H2, which has no partial indexes: inserted with each new record
-- and visited again at its commit, it cost 0.8-1.2 s of an initial load of 500,000 objects (~16 s in
-- the run). The record's pending_* columns stay the truth of what is pending; this table only finds the
-- records that have one. SyncRecordStore writes it in the transaction that writes the record's intent,
-- and a deleted record takes its row along (ON DELETE CASCADE; inserting records does not check the key,
-- and the initial load measured the same with it as without). PostgreSQL's partial index (V5) goes too:
-- one way to find intents on both databases.
CREATE TABLE open_intent (
    record_id     BIGINT       NOT NULL PRIMARY KEY,
    record_source VARCHAR(100) NOT NULL,
    action        VARCHAR(40)  NOT NULL,
    CONSTRAINT fk_open_intent_record FOREIGN KEY (record_id) REFERENCES synchronization (id) ON DELETE CASCADE
);
CREATE INDEX ix_open_intent ON open_intent (record_source, action, record_id);
INSERT INTO open_intent (record_id, record_source, action)
    SELECT id, source, pending_action FROM synchronization WHERE pending_action IS NOT NULL;
DROP INDEX ix_synchronization_pending;

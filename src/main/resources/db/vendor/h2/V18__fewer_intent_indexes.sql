-- H2 has no partial indexes, so ix_synchronization_token (V2) held an entry for every record, inserted
-- with each new record and visited again at its commit, although few records ever hold a token. It
-- never served a look-up either: H2 uses "pending_token = ANY(?)" as an index condition only on an
-- index's first column, so it walked all of the source's entries. The token look-up (SyncRecordStore
-- saveIntents) now names the intent's action and goes through ix_synchronization_pending
-- (source, pending_action, id): a token is only written together with its action (SyncRecord.withIntent),
-- and the only look-up by token is of the intents just stored, each with its action.
-- PostgreSQL keeps its partial token index (V5), which holds only the records that carry a token.
DROP INDEX ix_synchronization_token;

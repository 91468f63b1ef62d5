-- Few records ever carry a write intent. On PostgreSQL the two intent indexes hold only those that do
-- (partial indexes), so that inserting ordinary records does not maintain them: an initial load
-- maintains two B-trees fewer per record. Every query that should use them states their predicate.
-- (H2 has no partial indexes; there the full indexes of V1/V2 stay.)
DROP INDEX ix_synchronization_pending;
CREATE INDEX ix_synchronization_pending ON synchronization (source, pending_action, id)
    WHERE pending_action IS NOT NULL;
DROP INDEX ix_synchronization_token;
CREATE INDEX ix_synchronization_token ON synchronization (source, pending_token)
    WHERE pending_token IS NOT NULL;

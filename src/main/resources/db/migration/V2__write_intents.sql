-- Write intents: before a call that no transaction can cover (a POST to the source, a create in a
-- remote gateway) the record stores what is about to be done (pending_action), a client-generated
-- token (also sent as the Idempotency-Key header) and the hash of the content sent, in a transaction
-- of its own. The next run reconciles an intent that was left open by a crash (see WriteIntents).
ALTER TABLE synchronization ADD COLUMN pending_token VARCHAR(64);
ALTER TABLE synchronization ADD COLUMN pending_hash VARCHAR(64);
CREATE INDEX ix_synchronization_pending ON synchronization (source, pending_action, id);
CREATE INDEX ix_synchronization_token ON synchronization (source, pending_token);

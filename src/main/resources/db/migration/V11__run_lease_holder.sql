-- Who holds a source's run lease, so that a lease whose holder is provably gone is taken over at once
-- (record/LeaseHolder): the holder's host and process id, and on PostgreSQL the backend process of the
-- database session that holds the source's advisory lock for the run (record/LeaseSession).
ALTER TABLE source_run ADD COLUMN holder_host VARCHAR(255);
ALTER TABLE source_run ADD COLUMN holder_pid BIGINT;
ALTER TABLE source_run ADD COLUMN holder_session INTEGER;

-- H2 hands out identity values from a cache of 32 and, when the cache runs out, "flushes" the
-- sequence: a commit of its own, which with WRITE_DELAY=0 writes a whole chunk of the store (every
-- unsaved page, the page's uncommitted inserts included). An initial load of 1,000 records a page
-- paid ~31 chunk writes a page instead of one (JFR: 48 % of the record inserts under Sequence.flush).
-- A cache of 1,000,000 flushes once per million records; a crash (kill -9) only leaves a gap in the
-- ids, which nothing counts on.
ALTER TABLE synchronization ALTER COLUMN id SET CACHE 1000000;
ALTER TABLE run_history ALTER COLUMN id SET CACHE 1000;

-- Blocked records are their own number in a run (not failures again: nothing was tried), and skipped
-- ticks (paused, lease held elsewhere) fold into one row: 'repeats' counts the ticks it stands for,
-- from started_at to ended_at, instead of one 0 ms row each crowding out the real runs.
ALTER TABLE run_history ADD COLUMN blocked BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE run_history ADD COLUMN repeats BIGINT DEFAULT 1 NOT NULL;

-- Conditional writes and the write's answer (issue 28): the source object's ETag as last seen (an item
-- read's or a write's ETag header, @odata.etag, etagPath), sent back as If-Match; and how many runs in
-- a row a write-back's answer changed the gateway copy (echo_count, last in run echo_run), so that
-- two sources stamping a field they share cannot relay an object between them for ever.
ALTER TABLE synchronization ADD COLUMN source_etag VARCHAR(1000);
ALTER TABLE synchronization ADD COLUMN echo_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE synchronization ADD COLUMN echo_run BIGINT NOT NULL DEFAULT 0;

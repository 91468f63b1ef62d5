-- The quiet digest (issue 30): at its end a run stores its source's quiet records (record id, source
-- hash, source id) in a compact form, so that the next run reads a few parts instead of every record
-- and gateway object row (~7 us a row on H2: 3-4 s for 500,000). It holds only while nothing else
-- changed the source's records or the gateway objects they point at:
-- stamp: raised by every such write that is not the source's own run (an object synced alone, a
--   notification, the gateway API, another source of a hub writing a shared object, an intent);
-- digest_stamp: the stamp when the digest's run began (null: no digest; a run clears it as it begins,
--   so that a run that dies half-way leaves none); the digest holds only while stamp = digest_stamp;
-- digest_schema: the gateway schema it was made for.
CREATE TABLE source_change (
    source         VARCHAR(100) PRIMARY KEY,
    stamp          BIGINT        NOT NULL DEFAULT 0,
    digest_stamp   BIGINT,
    digest_schema  VARCHAR(1000),
    digest_entries INTEGER
);
-- The digest's bytes, in parts of at most 1 MB (read one at a time: memory stays bounded).
CREATE TABLE quiet_digest (
    source VARCHAR(100) NOT NULL,
    part   INTEGER      NOT NULL,
    data   BYTEA        NOT NULL,
    PRIMARY KEY (source, part)
);

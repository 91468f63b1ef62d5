-- Issue 28: a remote gateway's ETag of the copy as last seen (sent back as If-Match on its PUT and DELETE),
-- and the source object's own item URL where its listing shows one that is not the default {url}/{id}
-- (a HAL/JSON:API self link, @odata.id, an absolute url field); null otherwise, to keep the row small.
ALTER TABLE synchronization ADD COLUMN gateway_etag VARCHAR(1000);
ALTER TABLE synchronization ADD COLUMN source_url VARCHAR(2000);

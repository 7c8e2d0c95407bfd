-- An edit rewrites an item's row with a new `modified` (and often a new date or trash mark).
-- While an index covers a column that changed, PostgreSQL writes the new version into every
-- index of the table (no HOT update): four index entries and their WAL for a changed title. No
-- query reads these three: each server filters and sorts the catalogue in its own memory and
-- reads the table by id or whole. Without them an edit touches only the row's page.
DROP INDEX items_modified;
DROP INDEX items_date;
DROP INDEX items_trashed;
-- A HOT update also needs room on the row's page for the new version: rows written from now
-- on (an archive migrated in, new items) leave a fifth of each page free, two versions of a
-- typical row, reclaimed as the page is pruned. Rows already stored keep their full pages; an
-- edit moves such a row once to a page with room.
ALTER TABLE items SET (fillfactor = 80);
-- A person's stacks are rewritten by every change (twice: the locking upsert, then the new
-- stacks): room for the new version beside the old on the row's page; and lz4 rather than pglz
-- for the value, which PostgreSQL compresses on every write once it passes about 2 kB (some
-- 50 entries).
ALTER TABLE undo_state SET (fillfactor = 50);
ALTER TABLE undo_state ALTER COLUMN state SET COMPRESSION lz4;

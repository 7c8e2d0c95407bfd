-- Long values (texts, journal lines, item data) compressed with lz4 rather than PostgreSQL's
-- default pglz: several times faster to write and read at a little less compression; the
-- migration of a 100k-item archive spent much of its database time compressing. Values
-- already stored keep their compression until they are written again.
ALTER TABLE item_texts ALTER COLUMN body SET COMPRESSION lz4;
ALTER TABLE item_texts ALTER COLUMN description SET COMPRESSION lz4;
ALTER TABLE item_texts ALTER COLUMN notes SET COMPRESSION lz4;
ALTER TABLE item_texts ALTER COLUMN attachments SET COMPRESSION lz4;
ALTER TABLE journal ALTER COLUMN line SET COMPRESSION lz4;
ALTER TABLE items ALTER COLUMN data SET COMPRESSION lz4;
ALTER TABLE undo_entries ALTER COLUMN entry SET COMPRESSION lz4;

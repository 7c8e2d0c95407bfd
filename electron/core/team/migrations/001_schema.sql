-- The team archive's tables. An item is a row: typed columns for what is filtered and sorted
-- (and the version that guards against lost updates), the rest of its record as JSONB.
CREATE TABLE archive_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);

CREATE TABLE items (
  id text PRIMARY KEY,
  type text NOT NULL,
  date text NOT NULL,
  title text NOT NULL,
  language text NOT NULL,
  created text NOT NULL,
  modified text NOT NULL,
  trashed text,
  version bigint NOT NULL DEFAULT 1,
  -- Every other field of the record (outlet, tags, people, attachments, provenance…).
  data jsonb NOT NULL
);
CREATE INDEX items_modified ON items (modified);
CREATE INDEX items_date ON items (date);
CREATE INDEX items_trashed ON items ((trashed IS NOT NULL));

-- The long texts of an item (body, description, notes, text extracted from attachments).
CREATE TABLE item_texts (
  id text PRIMARY KEY,
  body text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  notes text NOT NULL DEFAULT '',
  attachments jsonb NOT NULL DEFAULT '{}'
);

-- The journal: one row per line, the line kept exactly as written (migrations copy it back
-- byte for byte); item_id and ids are there to find an item's history.
CREATE TABLE journal (
  seq bigserial PRIMARY KEY,
  t text NOT NULL,
  item_id text,
  ids text[],
  line text NOT NULL
);
CREATE INDEX journal_item ON journal (item_id);
CREATE INDEX journal_ids ON journal USING gin (ids);

-- Undo and redo: one entry per change, and the stacks (one row). json, not jsonb: kept as
-- written, so a migration back to a folder gives the same files byte for byte.
CREATE TABLE undo_entries (
  seq integer PRIMARY KEY,
  entry json NOT NULL
);
CREATE TABLE undo_state (
  id integer PRIMARY KEY CHECK (id = 1),
  state json NOT NULL
);

-- Small sets of records keyed by id: tags, collections, authorities, column mappings; and
-- what a set keeps beside its records (the authorities' rejected duplicate pairs).
CREATE TABLE records (
  kind text NOT NULL,
  id text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE TABLE record_set_extras (
  kind text PRIMARY KEY,
  data jsonb NOT NULL
);

CREATE TABLE saved_searches (
  id text PRIMARY KEY,
  name text NOT NULL,
  data jsonb NOT NULL
);
CREATE UNIQUE INDEX saved_searches_name ON saved_searches (lower(name));

-- The change feed: every committed change adds a row in its transaction; a process that
-- missed a notification catches up from the last sequence number it saw.
CREATE TABLE changes (
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  -- The transaction's own name: after a connection lost during COMMIT, whether it committed.
  token text NOT NULL UNIQUE,
  -- The process that made it, what it touched (items, texts, tags, undo…) and which items.
  origin text NOT NULL,
  kinds text[] NOT NULL,
  ids text[] NOT NULL DEFAULT '{}'
);

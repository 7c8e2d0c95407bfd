-- The team server's accounts and sessions live in the database, so that every server process
-- of a team archive knows the same people and a session begun on one is good on the others.
CREATE TABLE accounts (
  -- The name as typed at creation; `key` (lower case) is what sign-in compares.
  key text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('reader', 'cataloguer', 'admin')),
  disabled boolean NOT NULL DEFAULT false,
  password_hash text NOT NULL,
  created text NOT NULL,
  -- Sessions begun before this instant are over (a new password, a role change, disabling).
  sessions_valid_from text NOT NULL
);

-- Only the SHA-256 of a session token is kept: a copy of the table hands out no session.
CREATE TABLE sessions (
  digest text PRIMARY KEY,
  account text NOT NULL REFERENCES accounts (key) ON DELETE CASCADE,
  csrf text NOT NULL,
  created bigint NOT NULL,
  last_seen bigint NOT NULL
);
CREATE INDEX sessions_last_seen ON sessions (last_seen);

-- Undo is per person: each one's stack holds the changes they made, so undo never takes back
-- a colleague's change. The stack of changes made with no person named (a migrated folder
-- archive's history) is person ''.
ALTER TABLE undo_state DROP COLUMN id;
ALTER TABLE undo_state ADD COLUMN person text NOT NULL DEFAULT '' PRIMARY KEY;
ALTER TABLE undo_entries DROP CONSTRAINT undo_entries_pkey;
ALTER TABLE undo_entries ADD COLUMN person text NOT NULL DEFAULT '';
ALTER TABLE undo_entries ADD PRIMARY KEY (person, seq);

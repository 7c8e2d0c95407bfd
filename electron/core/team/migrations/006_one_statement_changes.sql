-- A small change (an edit, a bulk edit of a few items) is made by one statement outside an
-- explicit transaction, which PostgreSQL runs whole or not at all (PgBatch): what the process
-- checked and computed between the statements of a transaction, the statement does itself.

-- Fails the statement, so nothing of the change is made, when a write gave fewer rows than it
-- was given items: an item no longer at the version the change was based on (or created
-- meanwhile by someone else). SQLSTATE PK409; DETAIL names the clause and the missing ids in
-- JSON, for the same CONFLICT as a transaction's check gives.
CREATE FUNCTION pk_all_written(expected text[], written text[], clause integer) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(coalesce(written, '{}')) = cardinality(expected) THEN
    RETURN true;
  END IF;
  RAISE EXCEPTION 'rows changed meanwhile: nothing of the change was made' USING ERRCODE = 'PK409',
    DETAIL = json_build_object('clause', clause, 'missing',
      (SELECT coalesce(json_agg(e ORDER BY k), '[]') FROM unnest(expected) WITH ORDINALITY AS x(e, k) WHERE e <> ALL (coalesce(written, '{}'))))::text;
END
$$;

-- Puts a change's undo entry on a person's undo stack as the database holds it now: the row is
-- locked and read at its latest version (a volatile function's statements each take a fresh
-- snapshot), so the same person saving from two server processes at once gets both entries,
-- one after the other. The redo stack is cleared, the oldest entries past `depth` fall off,
-- and the entries leaving the stacks are deleted. `entry` is the entry's JSON without its
-- number: the number is the stack's next, written first as the process writes it
-- (JSON.stringify({ seq, ...entry })), so the entry's seq is its row's. Returns the stacks.
CREATE FUNCTION pk_undo_push(p_person text, p_entry text, p_label text, p_depth integer) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
  st jsonb;
  undo jsonb;
  n integer;
  dropped integer[] := '{}';
  r jsonb;
BEGIN
  -- jsonb to work on (a json's every -> parses its whole text again); the row made empty the first time.
  SELECT state::jsonb INTO st FROM undo_state WHERE person = p_person FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO undo_state (person, state) VALUES (p_person, '{"next":1,"undo":[],"redo":[]}') ON CONFLICT (person) DO NOTHING;
    SELECT state::jsonb INTO st FROM undo_state WHERE person = p_person FOR UPDATE;
  END IF;
  n := (st->>'next')::integer;
  FOR r IN SELECT jsonb_array_elements(st->'redo') LOOP
    dropped := dropped || (r->>'seq')::integer;
  END LOOP;
  undo := (st->'undo') || jsonb_build_array(jsonb_build_object('seq', n, 'label', p_label));
  WHILE jsonb_array_length(undo) > p_depth LOOP
    dropped := dropped || (undo->0->>'seq')::integer;
    undo := undo - 0;
  END LOOP;
  IF cardinality(dropped) > 0 THEN
    DELETE FROM undo_entries WHERE person = p_person AND seq = ANY (dropped);
  END IF;
  -- Written as json in the process's order of keys (jsonb would put redo before undo).
  UPDATE undo_state SET state = json_build_object('next', n + 1, 'undo', undo, 'redo', '[]'::json) WHERE person = p_person;
  INSERT INTO undo_entries (person, seq, entry) VALUES (p_person, n, ('{"seq":' || n || ',' || substr(p_entry, 2))::json)
    ON CONFLICT (person, seq) DO UPDATE SET entry = EXCLUDED.entry;
  RETURN json_build_object('next', n + 1, 'undo', undo, 'redo', '[]'::json);
END
$$;

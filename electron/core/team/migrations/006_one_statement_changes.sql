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
  st json;
  n integer;
  refs json[];
  cut integer;
BEGIN
  INSERT INTO undo_state (person, state) VALUES (p_person, '{"next":1,"undo":[],"redo":[]}') ON CONFLICT (person) DO NOTHING;
  SELECT state INTO st FROM undo_state WHERE person = p_person FOR UPDATE;
  n := (st->>'next')::integer;
  SELECT coalesce(array_agg(r ORDER BY k), '{}') INTO refs FROM json_array_elements(st->'undo') WITH ORDINALITY AS u(r, k);
  refs := refs || json_build_object('seq', n, 'label', p_label);
  cut := greatest(0, cardinality(refs) - p_depth);
  DELETE FROM undo_entries WHERE person = p_person AND seq IN (
    SELECT (r->>'seq')::integer FROM json_array_elements(st->'redo') AS r
    UNION ALL SELECT (refs[i]->>'seq')::integer FROM generate_series(1, cut) AS i);
  st := json_build_object('next', n + 1, 'undo', array_to_json(refs[cut + 1:]), 'redo', '[]'::json);
  UPDATE undo_state SET state = st WHERE person = p_person;
  INSERT INTO undo_entries (person, seq, entry) VALUES (p_person, n, ('{"seq":' || n || ',' || substr(p_entry, 2))::json)
    ON CONFLICT (person, seq) DO UPDATE SET entry = EXCLUDED.entry;
  RETURN st;
END
$$;

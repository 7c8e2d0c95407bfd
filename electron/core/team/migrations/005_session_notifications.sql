-- Server processes keep the sessions they resolved in memory for a moment (pgAccounts.ts). Any
-- change that can end a session or change what it may do (an account changed or removed, a
-- session deleted: signed out, ended, swept) notifies them on presskeep_sessions, in the
-- change's own transaction, so that they drop what they kept at its commit. Triggers rather than
-- the server's code: a change made with psql, or by a `presskeep users` command, counts too.
-- Statements that touched no row (the sweep of sessions at each sign-in, mostly) notify nobody.
CREATE FUNCTION presskeep_sessions_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM touched) THEN
    PERFORM pg_notify('presskeep_sessions', TG_TABLE_NAME);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER accounts_updated_notify AFTER UPDATE ON accounts
  REFERENCING OLD TABLE AS touched FOR EACH STATEMENT EXECUTE FUNCTION presskeep_sessions_notify();
CREATE TRIGGER accounts_deleted_notify AFTER DELETE ON accounts
  REFERENCING OLD TABLE AS touched FOR EACH STATEMENT EXECUTE FUNCTION presskeep_sessions_notify();
CREATE TRIGGER sessions_deleted_notify AFTER DELETE ON sessions
  REFERENCING OLD TABLE AS touched FOR EACH STATEMENT EXECUTE FUNCTION presskeep_sessions_notify();

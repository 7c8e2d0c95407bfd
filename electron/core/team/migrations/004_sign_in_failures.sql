-- Failed sign-ins and the locks they led to, shared by every server process of the archive: a
-- guesser sending one request to each process behind a load balancer meets one count, not one
-- per process. Keys are 'n:<name in lower case>' and 'a:<address>'; times in ms since the epoch.
CREATE TABLE sign_in_failures (
  key text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
CREATE TABLE sign_in_locks (
  key text PRIMARY KEY,
  until bigint NOT NULL
);

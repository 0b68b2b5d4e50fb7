-- Tamper-evident audit log (个人信息保护法 / 等保2.0): every record carries the SM3 hash of its own
-- content and of the record before it, so an edit, a deletion or a reordering breaks the chain.
-- Details are facts about the kiosk only, never a resident's data (checked before insert).
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL CHECK (actor IN ('system', 'resident', 'technician', 'platform', 'cli')),
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

-- Append-only at the database level too: an honest bug cannot rewrite history. (Someone with the
-- file can drop these; the hash chain is what catches that.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only');
END;

CREATE INDEX audit_log_kind ON audit_log (kind, at);

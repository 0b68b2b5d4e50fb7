-- Kiosk-level facts that are not configuration: first start, last clean shutdown.
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Resident sessions, without any personal data: enough to count use and prove every session was wiped.
CREATE TABLE session_log (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  end_reason TEXT CHECK (end_reason IN ('idle', 'resident', 'finished', 'backstop', 'restart'))
) STRICT;

CREATE INDEX session_log_started ON session_log (started_at);

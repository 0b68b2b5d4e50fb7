-- The dev platform's own database (not the kiosk's): what a provincial platform would hold.

CREATE TABLE kiosk (
  id TEXT PRIMARY KEY,
  profile TEXT NOT NULL CHECK (profile IN ('gm', 'intl')),
  public_key TEXT NOT NULL,
  enrolled_at INTEGER NOT NULL,
  last_seen_at INTEGER,
  version TEXT,
  queue_json TEXT
) STRICT;

CREATE TABLE enrolment_code (
  code TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  kiosk_id TEXT
) STRICT;

-- One row per idempotency key, whatever the retries (PRIMARY KEY is the dedupe).
CREATE TABLE application (
  key TEXT PRIMARY KEY,
  kiosk_id TEXT NOT NULL REFERENCES kiosk (id),
  matter_code TEXT NOT NULL,
  payload TEXT NOT NULL,
  payload_digest TEXT NOT NULL,
  platform_no TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('received', 'accepted', 'not-accepted', 'completed', 'returned')),
  received_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE material (
  attachment_id TEXT PRIMARY KEY,
  app_key TEXT NOT NULL REFERENCES application (key),
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  digest TEXT NOT NULL,
  digest_alg TEXT NOT NULL,
  upload_id TEXT NOT NULL,
  received_at INTEGER NOT NULL
) STRICT;

CREATE TABLE evaluation (
  id TEXT PRIMARY KEY,
  app_key TEXT NOT NULL REFERENCES application (key),
  satisfaction TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at INTEGER NOT NULL
) STRICT;

CREATE TABLE status_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  app_key TEXT NOT NULL REFERENCES application (key),
  status TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL
) STRICT;

-- Every intake request, including retries, so the dedupe is visible on the operator page.
CREATE TABLE intake_attempt (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  outcome TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;

-- Commands for kiosks, delivered in heartbeat answers.
CREATE TABLE command (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kiosk_id TEXT NOT NULL,
  command TEXT NOT NULL CHECK (command IN ('sync-now', 'upload-logs', 'restart')),
  created_at INTEGER NOT NULL,
  delivered_at INTEGER
) STRICT;

-- Sync to the provincial platform (issue 6). Personal data lives only in the sealed BLOB columns
-- (SM4 under the per-kiosk data key); every other column is safe to read in a technician's shell.

-- The enrolment this kiosk holds: platform, signing profile and public key (the private key is a
-- sealed file next to the data key, never in the database).
CREATE TABLE sync_enrolment (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  platform_url TEXT NOT NULL,
  kiosk_id TEXT NOT NULL,
  profile TEXT NOT NULL CHECK (profile IN ('gm', 'intl')),
  public_key TEXT NOT NULL,
  ca_file TEXT,
  enrolled_at INTEGER NOT NULL
) STRICT;

-- One submitted application (办件). key is the kiosk-made UUIDv7 idempotency key.
CREATE TABLE sync_application (
  key TEXT PRIMARY KEY,
  matter_code TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  payload BLOB NOT NULL,
  payload_digest TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'confirmed', 'rejected')),
  platform_no TEXT,
  confirmed_at INTEGER
) STRICT;
CREATE INDEX sync_application_state ON sync_application (state, confirmed_at);

-- Materials: file is the content address (digest of the sealed bytes) under <dataDir>/attachments;
-- digest is of the plaintext, which the platform re-computes on receipt.
CREATE TABLE sync_attachment (
  id TEXT PRIMARY KEY,
  app_key TEXT NOT NULL REFERENCES sync_application (key) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  digest TEXT NOT NULL,
  file TEXT NOT NULL,
  UNIQUE (app_key, seq)
) STRICT;

-- The outbox: per application, strictly in seq order (apply, materials, evaluations).
CREATE TABLE sync_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  app_key TEXT NOT NULL REFERENCES sync_application (key) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('apply', 'material', 'evaluate')),
  ref TEXT,
  payload BLOB,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'in-doubt', 'confirmed', 'rejected')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_error TEXT,
  upload_url TEXT,
  updated_at INTEGER NOT NULL,
  UNIQUE (app_key, seq)
) STRICT;
CREATE INDEX sync_outbox_due ON sync_outbox (status, next_at);

-- What happened to personal data, without personal data: submit, confirm, reject, purge.
CREATE TABLE sync_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  event TEXT NOT NULL,
  app_key TEXT,
  detail TEXT NOT NULL DEFAULT ''
) STRICT;

-- One relay at a time per database (the running kiosk, or kioskctl sync now when it is not running).
CREATE TABLE sync_lease (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  owner TEXT NOT NULL,
  pid INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;

-- Small sync facts: last successful exchange, a pending "sync now" request from kioskctl.
CREATE TABLE sync_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

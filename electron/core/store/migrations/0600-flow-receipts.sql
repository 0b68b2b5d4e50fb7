-- Receipts of applications submitted at this kiosk (issue 7), for 办件查询 and reprints. The
-- application itself (personal data, sealed) is sync_application; this row holds only what the
-- query screen shows: matter names, owed materials, and a keyed hash of the ID number so a card
-- finds its own applications without the number being stored here.
CREATE TABLE flow_receipt (
  receipt_no TEXT PRIMARY KEY,
  app_key TEXT NOT NULL,
  flow_name TEXT NOT NULL,
  matters TEXT NOT NULL,
  owed TEXT NOT NULL DEFAULT '[]',
  id_hash TEXT NOT NULL,
  time_limit TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX flow_receipt_id_hash ON flow_receipt (id_hash, created_at);

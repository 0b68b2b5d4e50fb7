-- The dev platform's stand-in for the national 网证 service: codes it issued and whom they name.
-- Codes are stored as their SHA-256, never in clear: a copy of this file does not hand out identities.
CREATE TABLE net_id (
  code_sha256 TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  id_number TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

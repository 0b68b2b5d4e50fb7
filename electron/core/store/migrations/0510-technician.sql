-- Technician PIN (scrypt hash, never the PIN) and the failure counter and lockout, kept in the
-- database so restarting the kiosk does not reset a lockout.
CREATE TABLE technician_auth (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  pin_hash TEXT,
  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_until INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
) STRICT;

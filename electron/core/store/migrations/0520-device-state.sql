-- Last known state of every device and the health inputs only the running kiosk knows (queue depth,
-- last sync, clock skew), so kioskctl health can answer beside the kiosk or after it stopped.
CREATE TABLE device_state (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  simulated INTEGER NOT NULL CHECK (simulated IN (0, 1)),
  message_key TEXT NOT NULL,
  detail TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE health_inputs (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  queue_depth INTEGER NOT NULL,
  last_sync_at TEXT,
  skew_ms INTEGER,
  updated_at TEXT NOT NULL
) STRICT;

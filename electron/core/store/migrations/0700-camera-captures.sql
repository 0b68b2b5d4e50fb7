-- Stills the cameras kept for the current resident: material pages, and the face still only after
-- the resident's separate consent. `sealed` is the JPEG sealed with the kiosk's data key (never
-- plain on disk); rows live no longer than the session (deleted by the session-wipe hook, and any
-- left by a crash are deleted at start-up).
CREATE TABLE camera_capture (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('face', 'page')),
  material_key TEXT,
  page INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  taken_at TEXT NOT NULL,
  sealed BLOB NOT NULL
) STRICT;
CREATE INDEX camera_capture_session ON camera_capture (session_id, material_key, page);

-- Reference face templates the dev platform compares live templates with (one per subject, the
-- SHA-256 the kiosk derives from the ID number). A real provincial platform would ask the national
-- identity service instead; the dev platform keeps templates of the demo residents only.
CREATE TABLE face_reference (
  subject TEXT PRIMARY KEY,
  embedding BLOB NOT NULL,
  registered_at INTEGER NOT NULL
) STRICT;

CREATE TABLE face_verification (
  id INTEGER PRIMARY KEY,
  kiosk_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  similarity REAL,
  match INTEGER NOT NULL,
  at INTEGER NOT NULL
) STRICT;

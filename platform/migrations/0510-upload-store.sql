-- tus uploads in progress (platform/upload-store.ts): what @tus/file-store kept in one JSON file per
-- upload, kept here instead, next to the materials they become. Offsets are not stored: the data
-- file's length is the offset, so a row never needs a write per chunk.
CREATE TABLE tus_upload (
  id TEXT PRIMARY KEY,
  size INTEGER,
  metadata TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

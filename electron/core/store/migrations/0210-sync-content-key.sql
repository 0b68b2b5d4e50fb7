-- Envelope encryption for materials (issue 6). Each application's attachment files are sealed under
-- a fresh content key, and that key (sealed under the per-kiosk data key) is kept here and sent to
-- the platform inside the application body. The relay then uploads the sealed files as they lie on
-- disk: no decryption, no re-hashing, and nothing readable on the wire or in the platform's upload
-- folder without the application. NULL = an application queued before this migration, whose files
-- are sealed under the data key itself and are still sent the old way (decrypted, then uploaded).
ALTER TABLE sync_application ADD COLUMN content_key BLOB;

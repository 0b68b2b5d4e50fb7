-- Materials arrive as the kiosk sealed them, under the per-application content key carried in the
-- application body: the stored upload is ciphertext, and sealed_digest is what the upload was
-- checked against (digest stays the plaintext's, checked whenever the material is opened).
-- NULL for a kiosk that still uploads plaintext.
ALTER TABLE material ADD COLUMN sealed_digest TEXT;

-- Nonces of per-request-signed requests (session handshakes, video signalling), kept across a
-- platform restart for the clock-skew window so a captured request cannot be replayed after one.
-- Session-MAC'd requests need no row: sessions live in memory and die with the process.
CREATE TABLE request_nonce (
  kiosk_id TEXT NOT NULL,
  nonce TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (kiosk_id, nonce)
) STRICT, WITHOUT ROWID;
CREATE INDEX request_nonce_at ON request_nonce (at);

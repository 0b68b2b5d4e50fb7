-- Every e-licence (电子证照) lookup a kiosk made: which kiosk, when, which licence type, how many
-- licences were answered and the consent receipt the kiosk presented. Access to a resident's
-- licences must be traceable; the holder's ID number (or its digest, which is enumerable) is not
-- kept, so this log is not itself a register of who came to which kiosk.
CREATE TABLE licence_access (
  id INTEGER PRIMARY KEY,
  kiosk_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  licence_type TEXT NOT NULL,
  found INTEGER NOT NULL,
  consent_receipt TEXT NOT NULL
) STRICT;
CREATE INDEX licence_access_kiosk ON licence_access (kiosk_id, at);

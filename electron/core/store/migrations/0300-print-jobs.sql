-- Print queue (receipts and A4 documents). A job is recorded before any byte goes to a printer and
-- is marked done only after a clean post-print status, so a crash or paper-out never loses one.
-- `payload` holds the job's content (name, masked ID, matters) sealed with AES-256-GCM; it is set
-- to NULL as soon as the job is done, and for undone jobs after the retention period.
CREATE TABLE print_jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('receipt', 'a4')),
  receipt_no TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'printing', 'done', 'failed')),
  failure TEXT CHECK (failure IN ('paper-out', 'cover-open', 'offline', 'printer-error', 'interrupted', 'no-printer', 'spooler-error')),
  attempts INTEGER NOT NULL DEFAULT 0,
  -- Only the session's own pending jobs are reprinted automatically; after it ends they wait for a person.
  session_id TEXT,
  payload BLOB,
  spool_job TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  done_at TEXT
) STRICT;

CREATE INDEX print_jobs_state ON print_jobs (state, created_at);
CREATE INDEX print_jobs_receipt ON print_jobs (receipt_no, created_at);

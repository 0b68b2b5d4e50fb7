-- Remote video 帮办 (issue 10): agents, calls (the queue lives here so a platform restart keeps it),
-- the consent/audit trail and recording chunks. Nothing personal: kiosk ids, agent ids, times.

CREATE TABLE video_agent (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  -- scrypt(password, salt) hex; the password itself is never stored.
  password_hash TEXT NOT NULL,
  salt TEXT NOT NULL,
  -- JSON array of matter themes the agent serves; [] = every theme.
  skills TEXT NOT NULL DEFAULT '[]',
  available INTEGER NOT NULL DEFAULT 0 CHECK (available IN (0, 1)),
  -- When the agent last became free: longest-idle routing orders by this.
  idle_since INTEGER
) STRICT;

CREATE TABLE video_agent_session (
  token_hash TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES video_agent (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE video_call (
  id TEXT PRIMARY KEY,
  kiosk_id TEXT NOT NULL,
  theme TEXT,
  -- The kiosk proves it owns the call (and resumes it after a cut) with this token; stored hashed.
  token_hash TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'offered', 'active', 'ended')),
  agent_id TEXT REFERENCES video_agent (id),
  created_at INTEGER NOT NULL,
  offered_at INTEGER,
  answered_at INTEGER,
  ended_at INTEGER,
  end_reason TEXT,
  -- Last time the kiosk's signalling socket was seen; a queued or active call whose kiosk stays away
  -- longer than the grace period is ended by the sweep.
  kiosk_seen_at INTEGER NOT NULL,
  recording_consent TEXT NOT NULL DEFAULT 'none' CHECK (recording_consent IN ('none', 'asked', 'granted', 'refused')),
  identity_decision TEXT CHECK (identity_decision IN ('verified', 'rejected')),
  notes TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX video_call_queue ON video_call (state, created_at);

CREATE TABLE video_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  call_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}',
  at INTEGER NOT NULL
) STRICT;

CREATE INDEX video_audit_call ON video_audit (call_id, id);

CREATE TABLE video_recording_chunk (
  call_id TEXT NOT NULL REFERENCES video_call (id),
  seq INTEGER NOT NULL,
  file TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (call_id, seq)
) STRICT;

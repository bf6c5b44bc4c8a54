-- Accounts with their sessions and API tokens; archived records; the version table opened to
-- every layer, so the audit log reads one table.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  roles TEXT NOT NULL CHECK (json_valid(roles) AND json_type(roles) = 'array'),
  -- NULL: the account signs in with API tokens only.
  password_hash TEXT,
  password_changed_at TEXT,
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version > 0)
);

-- Only hashes of session and API tokens are kept: a copy of the database signs no one in.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

ALTER TABLE violations ADD COLUMN archived_at TEXT;
CREATE INDEX violations_archived ON violations (archived_at) WHERE archived_at IS NOT NULL;

-- Records written before accounts get the new properties, empty, in their rows and history.
UPDATE violations SET properties = json_insert(properties, '$.created_by', NULL,
  '$.original_description', NULL, '$.violator', NULL, '$.notes', json('[]'), '$.archived_at', NULL);
UPDATE versions SET after = json_insert(after, '$.properties.created_by', NULL,
  '$.properties.original_description', NULL, '$.properties.violator', NULL,
  '$.properties.notes', json('[]'), '$.properties.archived_at', NULL) WHERE after IS NOT NULL;
UPDATE versions SET before = json_insert(before, '$.properties.created_by', NULL,
  '$.properties.original_description', NULL, '$.properties.violator', NULL,
  '$.properties.notes', json('[]'), '$.properties.archived_at', NULL) WHERE before IS NOT NULL;

-- SQLite cannot change a CHECK in place: rebuild the table with every layer allowed.
CREATE TABLE versions_new (
  seq INTEGER PRIMARY KEY,
  layer TEXT NOT NULL CHECK (layer IN ('violations', 'projects', 'gaps', 'users', 'tokens')),
  record_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  action TEXT NOT NULL,
  at TEXT NOT NULL,
  user_id TEXT,
  reason TEXT,
  before TEXT CHECK (before IS NULL OR json_valid(before)),
  after TEXT CHECK (after IS NULL OR json_valid(after)),
  UNIQUE (layer, record_id, version)
);
INSERT INTO versions_new SELECT seq, layer, record_id, version, action, at, user_id, reason,
  before, after FROM versions;
DROP TABLE versions;
ALTER TABLE versions_new RENAME TO versions;
CREATE INDEX versions_at ON versions (layer, at, record_id);
CREATE INDEX versions_time ON versions (at);
CREATE INDEX versions_user ON versions (user_id, at);

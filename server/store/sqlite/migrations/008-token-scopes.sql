-- API tokens get a scope (what they may do) and an optional last day (expires_on, YYYY-MM-DD,
-- office time). Tokens made before this get `read-write` and no expiry: their makers used them
-- for whatever their role allowed, scripts that write included, and nothing says when they meant
-- them to end, so an expiry chosen now would silently break working QGIS connections. Only the
-- user administration they could also reach is taken away: that now needs a token made for it
-- (scope `admin`). The table is rebuilt so that the scope has no default: every new token is
-- given one on purpose.
CREATE TABLE api_tokens_new (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL CHECK (scope IN ('read', 'read-write', 'admin')),
  expires_on TEXT CHECK (expires_on IS NULL OR date(expires_on) = expires_on),
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
INSERT INTO api_tokens_new (id, user_id, name, token_hash, scope, expires_on, created_at,
    last_used_at, revoked_at)
  SELECT id, user_id, name, token_hash, 'read-write', NULL, created_at, last_used_at, revoked_at
  FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

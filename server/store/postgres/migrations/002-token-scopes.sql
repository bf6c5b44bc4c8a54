-- API tokens get a scope (what they may do) and an optional last day (expires_on, YYYY-MM-DD,
-- office time), as the SQLite store's migration 008. Tokens made before this get `read-write`
-- and no expiry: their makers used them for whatever their role allowed, scripts that write
-- included, and nothing says when they meant them to end, so an expiry chosen now would silently
-- break working QGIS connections. Only the user administration they could also reach is taken
-- away: that now needs a token made for it (scope `admin`). The default serves the rows there
-- are and is then dropped: every new token is given a scope on purpose.
ALTER TABLE api_tokens
  ADD COLUMN scope text COLLATE "C" NOT NULL DEFAULT 'read-write'
    CHECK (scope IN ('read', 'read-write', 'admin')),
  ADD COLUMN expires_on text COLLATE "C"
    CHECK (expires_on IS NULL OR expires_on ~ '^\d{4}-\d{2}-\d{2}$');
ALTER TABLE api_tokens ALTER COLUMN scope DROP DEFAULT;

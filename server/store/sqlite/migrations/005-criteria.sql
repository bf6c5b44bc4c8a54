-- Criteria gaps with their spatial and text indexes, entered indicator values, and the version
-- table opened to indicator values.

CREATE TABLE gaps (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  rule_set TEXT NOT NULL,
  standard TEXT NOT NULL,
  scope TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'planned', 'in_progress', 'met')),
  -- NULL: a gap of the whole scope with no one place (the share of non-agricultural labour).
  geom_type TEXT CHECK (geom_type IN ('Point', 'LineString', 'Polygon', 'MultiPolygon')),
  ward_codes TEXT NOT NULL CHECK (json_valid(ward_codes) AND json_type(ward_codes) = 'array'),
  -- Checked against the projects store by the service: a gap may name a project of any migration.
  project_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  archived_at TEXT,
  version INTEGER NOT NULL CHECK (version > 0),
  geometry TEXT CHECK (geometry IS NULL OR json_valid(geometry)),
  properties TEXT NOT NULL CHECK (json_valid(properties)),
  CHECK ((geometry IS NULL) = (geom_type IS NULL))
);
CREATE INDEX gaps_updated ON gaps (updated_at DESC, rowid DESC);
CREATE INDEX gaps_standard ON gaps (rule_set, standard, status);
CREATE INDEX gaps_project ON gaps (project_id) WHERE project_id IS NOT NULL;

-- Bounding boxes of the gaps that have a place, keyed by gaps.rowid.
CREATE VIRTUAL TABLE gaps_rtree USING rtree (id, min_x, max_x, min_y, max_y);

-- Folded text (đ→d, no diacritics) of each gap, keyed by gaps.rowid.
CREATE VIRTUAL TABLE gaps_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');

-- The value of a standard for the urban area or a ward, as entered, with where it came from.
CREATE TABLE criteria_indicators (
  rule_set TEXT NOT NULL,
  code TEXT NOT NULL,
  scope TEXT NOT NULL,
  value TEXT NOT NULL CHECK (json_valid(value)),
  source TEXT NOT NULL CHECK (source IN ('statistics', 'survey', 'computed')),
  note TEXT NOT NULL,
  entered_by TEXT,
  entered_at TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version > 0),
  PRIMARY KEY (rule_set, code, scope)
);

-- SQLite cannot change a CHECK in place: rebuild the version table with indicator values allowed,
-- as 002-accounts.sql did.
CREATE TABLE versions_new (
  seq INTEGER PRIMARY KEY,
  layer TEXT NOT NULL CHECK (layer IN ('violations', 'projects', 'gaps', 'users', 'tokens',
    'indicators')),
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

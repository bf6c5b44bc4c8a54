-- Violations, their spatial and text indexes, and the version history of every layer.

CREATE TABLE violations (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('illegal_construction', 'illegal_grading', 'road_encroachment',
    'sidewalk_encroachment', 'land_encroachment', 'other')),
  status TEXT NOT NULL CHECK (status IN ('reported', 'verified', 'recorded', 'decided', 'remedied',
    'enforced', 'closed', 'dismissed')),
  geom_type TEXT NOT NULL CHECK (geom_type IN ('Point', 'Polygon')),
  ward_code TEXT,
  observed_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deadline TEXT,
  version INTEGER NOT NULL CHECK (version > 0),
  geometry TEXT NOT NULL CHECK (json_valid(geometry)),
  properties TEXT NOT NULL CHECK (json_valid(properties))
);
CREATE INDEX violations_observed ON violations (observed_at DESC, rowid DESC);
CREATE INDEX violations_status ON violations (status, deadline);
CREATE INDEX violations_ward ON violations (ward_code, kind);

-- Bounding boxes, keyed by violations.rowid: the cheap first test of every bbox query.
CREATE VIRTUAL TABLE violations_rtree USING rtree (id, min_x, max_x, min_y, max_y);

-- Folded text (đ→d, no diacritics) of each violation, keyed by violations.rowid.
CREATE VIRTUAL TABLE violations_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');

-- Every change of every record: who, when, what it was and what it became.
CREATE TABLE versions (
  seq INTEGER PRIMARY KEY,
  layer TEXT NOT NULL CHECK (layer IN ('violations')),
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
CREATE INDEX versions_at ON versions (layer, at, record_id);

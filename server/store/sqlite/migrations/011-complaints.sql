-- Petitions (đơn thư), the fourth kind of record, kept by the record engine like projects and
-- gaps: one row each with the columns its declaration names (domain/complaints/complaint-kind.ts).
CREATE TABLE complaints (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('complaint', 'denunciation', 'petition')),
  status TEXT NOT NULL CHECK (status IN ('received', 'accepted', 'not_accepted', 'forwarded',
    'verifying', 'concluded', 'decided', 'closed', 'withdrawn')),
  received_on TEXT NOT NULL,
  -- The earliest clock still running: overdue on any day after it; the deadline order.
  open_deadline TEXT,
  violation_ids TEXT NOT NULL CHECK (json_valid(violation_ids) AND json_type(violation_ids) = 'array'),
  project_ids TEXT NOT NULL CHECK (json_valid(project_ids) AND json_type(project_ids) = 'array'),
  -- NULL: a petition about no one place.
  geom_type TEXT CHECK (geom_type IN ('Point', 'Polygon')),
  ward_codes TEXT NOT NULL CHECK (json_valid(ward_codes) AND json_type(ward_codes) = 'array'),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  archived_at TEXT,
  version INTEGER NOT NULL CHECK (version > 0),
  geometry TEXT CHECK (geometry IS NULL OR json_valid(geometry)),
  properties TEXT NOT NULL CHECK (json_valid(properties)),
  CHECK ((geometry IS NULL) = (geom_type IS NULL))
);
CREATE INDEX complaints_created ON complaints (created_at DESC, rowid DESC);
CREATE INDEX complaints_deadline ON complaints (open_deadline) WHERE open_deadline IS NOT NULL;
CREATE INDEX complaints_status ON complaints (type, status);
CREATE VIRTUAL TABLE complaints_rtree USING rtree (id, min_x, max_x, min_y, max_y);
CREATE VIRTUAL TABLE complaints_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');

-- The version table is rebuilt once more, its layer no longer a fixed list: every layer is
-- written by code from its declaration, and a new kind of record must not copy the whole history
-- again to be allowed in.
CREATE TABLE versions_new (
  seq INTEGER PRIMARY KEY,
  layer TEXT NOT NULL CHECK (layer <> ''),
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
CREATE INDEX versions_state ON versions (layer, record_id, version, at);

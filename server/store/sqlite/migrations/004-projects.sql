-- Land-clearance projects with their spatial and text indexes; versions keep their history.

CREATE TABLE projects (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  stage TEXT NOT NULL CHECK (stage IN ('announced', 'counting', 'plan_posted', 'plan_approved',
    'paying', 'handed_over')),
  land_type TEXT NOT NULL CHECK (land_type IN ('agricultural', 'other')),
  blocked INTEGER NOT NULL CHECK (blocked IN (0, 1)),
  geom_type TEXT NOT NULL CHECK (geom_type IN ('Polygon', 'MultiPolygon')),
  -- The earliest legal deadline not yet kept: overdue on any day after it.
  open_deadline TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  archived_at TEXT,
  version INTEGER NOT NULL CHECK (version > 0),
  geometry TEXT NOT NULL CHECK (json_valid(geometry)),
  properties TEXT NOT NULL CHECK (json_valid(properties))
);
CREATE INDEX projects_created ON projects (created_at DESC, rowid DESC);
CREATE INDEX projects_stage ON projects (stage, open_deadline);

-- A project may span several wards: one row per ward it shares ground with.
CREATE TABLE project_wards (
  project INTEGER NOT NULL REFERENCES projects (rowid),
  ward_code TEXT NOT NULL,
  PRIMARY KEY (ward_code, project)
) WITHOUT ROWID;

-- Bounding boxes, keyed by projects.rowid: the cheap first test of every bbox query.
CREATE VIRTUAL TABLE projects_rtree USING rtree (id, min_x, max_x, min_y, max_y);

-- Folded text (đ→d, no diacritics) of each project, keyed by projects.rowid.
CREATE VIRTUAL TABLE projects_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');

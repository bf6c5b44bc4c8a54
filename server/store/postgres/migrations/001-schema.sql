-- The PostgreSQL + PostGIS store: the same records, versions and accounts as the SQLite store's
-- migrations 001–006 leave them, in one step. Instants stay ISO-8601 UTC text, as the records
-- carry them, so they compare and sort exactly as in SQLite. Each record keeps its GeoJSON as
-- jsonb (what the API answers) and a PostGIS geometry beside it (what bbox queries and QGIS use).
-- Every text column compares byte by byte (COLLATE "C"), as SQLite's text does, whatever locale
-- the database was created with: ids, instants and codes sort the same in both stores, and no
-- comparison between two columns meets two collations.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE violations (
  key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  kind text COLLATE "C" NOT NULL CHECK (kind IN ('illegal_construction', 'illegal_grading',
    'road_encroachment', 'sidewalk_encroachment', 'land_encroachment', 'other')),
  status text COLLATE "C" NOT NULL CHECK (status IN ('reported', 'verified', 'recorded', 'decided',
    'remedied', 'enforced', 'closed', 'dismissed')),
  geom_type text COLLATE "C" NOT NULL CHECK (geom_type IN ('Point', 'Polygon')),
  ward_code text COLLATE "C",
  observed_at text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  deadline text COLLATE "C",
  archived_at text COLLATE "C",
  version integer NOT NULL CHECK (version > 0),
  geometry jsonb NOT NULL,
  properties jsonb NOT NULL,
  geom geometry(Geometry, 4326) NOT NULL,
  -- The record's searchable words, folded (domain/text.ts) and stored as they are: the same
  -- words `matchesSearch` sees, with no text-search parser in between.
  search tsvector NOT NULL
);
CREATE INDEX violations_observed ON violations (observed_at DESC, key DESC);
-- The records shown by default (archived left out): counted and paged newest first from here.
CREATE INDEX violations_live ON violations (observed_at DESC, key DESC) WHERE archived_at IS NULL;
CREATE INDEX violations_status ON violations (status, deadline);
CREATE INDEX violations_ward ON violations (ward_code, kind);
CREATE INDEX violations_archived ON violations (archived_at) WHERE archived_at IS NOT NULL;
CREATE INDEX violations_geom ON violations USING gist (geom);
CREATE INDEX violations_search ON violations USING gin (search);

CREATE TABLE projects (
  key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  stage text COLLATE "C" NOT NULL CHECK (stage IN ('announced', 'counting', 'plan_posted', 'plan_approved',
    'paying', 'handed_over')),
  land_type text COLLATE "C" NOT NULL CHECK (land_type IN ('agricultural', 'other')),
  blocked boolean NOT NULL,
  geom_type text COLLATE "C" NOT NULL CHECK (geom_type IN ('Polygon', 'MultiPolygon')),
  -- The earliest legal deadline not yet kept: overdue on any day after it.
  open_deadline text COLLATE "C",
  -- The wards the boundary shares ground with (SQLite's project_wards rows).
  ward_codes text[] COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  archived_at text COLLATE "C",
  version integer NOT NULL CHECK (version > 0),
  geometry jsonb NOT NULL,
  properties jsonb NOT NULL,
  geom geometry(Geometry, 4326) NOT NULL,
  search tsvector NOT NULL
);
CREATE INDEX projects_created ON projects (created_at DESC, key DESC);
CREATE INDEX projects_stage ON projects (stage, open_deadline);
CREATE INDEX projects_wards ON projects USING gin (ward_codes);
CREATE INDEX projects_geom ON projects USING gist (geom);
CREATE INDEX projects_search ON projects USING gin (search);

CREATE TABLE gaps (
  key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  rule_set text COLLATE "C" NOT NULL,
  standard text COLLATE "C" NOT NULL,
  scope text COLLATE "C" NOT NULL,
  status text COLLATE "C" NOT NULL CHECK (status IN ('open', 'planned', 'in_progress', 'met')),
  -- NULL: a gap of the whole scope with no one place (the share of non-agricultural labour).
  geom_type text COLLATE "C" CHECK (geom_type IN ('Point', 'LineString', 'Polygon', 'MultiPolygon')),
  ward_codes text[] COLLATE "C" NOT NULL,
  -- Checked against the projects by the service, as in SQLite.
  project_id text COLLATE "C",
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  archived_at text COLLATE "C",
  version integer NOT NULL CHECK (version > 0),
  geometry jsonb,
  properties jsonb NOT NULL,
  geom geometry(Geometry, 4326),
  search tsvector NOT NULL,
  CHECK ((geometry IS NULL) = (geom_type IS NULL) AND (geometry IS NULL) = (geom IS NULL))
);
CREATE INDEX gaps_updated ON gaps (updated_at DESC, key DESC);
CREATE INDEX gaps_standard ON gaps (rule_set, standard, status);
CREATE INDEX gaps_project ON gaps (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX gaps_wards ON gaps USING gin (ward_codes);
CREATE INDEX gaps_geom ON gaps USING gist (geom);
CREATE INDEX gaps_search ON gaps USING gin (search);

-- The value of a standard for the urban area or a ward, as entered, with where it came from.
CREATE TABLE criteria_indicators (
  rule_set text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  scope text COLLATE "C" NOT NULL,
  value jsonb NOT NULL,
  source text COLLATE "C" NOT NULL CHECK (source IN ('statistics', 'survey', 'computed')),
  note text COLLATE "C" NOT NULL,
  entered_by text COLLATE "C",
  entered_at text COLLATE "C" NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  PRIMARY KEY (rule_set, code, scope)
);

CREATE TABLE users (
  id text COLLATE "C" PRIMARY KEY,
  username text COLLATE "C" NOT NULL,
  display_name text COLLATE "C" NOT NULL,
  roles jsonb NOT NULL CHECK (jsonb_typeof(roles) = 'array'),
  -- NULL: the account signs in with API tokens only.
  password_hash text COLLATE "C",
  password_changed_at text COLLATE "C",
  disabled_at text COLLATE "C",
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  version integer NOT NULL CHECK (version > 0)
);
-- Usernames compare without case, as SQLite's COLLATE NOCASE (ASCII) makes them.
CREATE UNIQUE INDEX users_username ON users (lower(username));

CREATE TABLE sessions (
  token_hash text COLLATE "C" PRIMARY KEY,
  user_id text COLLATE "C" NOT NULL REFERENCES users (id),
  created_at text COLLATE "C" NOT NULL,
  expires_at text COLLATE "C" NOT NULL,
  last_seen_at text COLLATE "C" NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id text COLLATE "C" PRIMARY KEY,
  user_id text COLLATE "C" NOT NULL REFERENCES users (id),
  name text COLLATE "C" NOT NULL,
  token_hash text COLLATE "C" NOT NULL UNIQUE,
  created_at text COLLATE "C" NOT NULL,
  last_used_at text COLLATE "C",
  revoked_at text COLLATE "C"
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE versions (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  layer text COLLATE "C" NOT NULL CHECK (layer IN ('violations', 'projects', 'gaps', 'users', 'tokens',
    'indicators')),
  record_id text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  action text COLLATE "C" NOT NULL,
  at text COLLATE "C" NOT NULL,
  user_id text COLLATE "C",
  reason text COLLATE "C",
  before jsonb,
  after jsonb,
  UNIQUE (layer, record_id, version)
);
CREATE INDEX versions_at ON versions (layer, at, record_id);
CREATE INDEX versions_time ON versions (at);
CREATE INDEX versions_user ON versions (user_id, at);
CREATE INDEX versions_state ON versions (layer, record_id, version, at);

-- What changed, per layer, for caches built from the records (map clusters): bumped in the
-- transaction of every change, so any app process on this database sees any other's changes.
CREATE TABLE layer_revisions (
  layer text COLLATE "C" PRIMARY KEY,
  revision bigint NOT NULL
);
INSERT INTO layer_revisions VALUES ('violations', 0), ('projects', 0), ('gaps', 0);

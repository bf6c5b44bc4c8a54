-- Petitions (đơn thư), the fourth kind of record, as the SQLite store's migration 011: one row
-- each with the columns its declaration names (domain/complaints/complaint-kind.ts).
CREATE TABLE complaints (
  key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  type text COLLATE "C" NOT NULL CHECK (type IN ('complaint', 'denunciation', 'petition')),
  status text COLLATE "C" NOT NULL CHECK (status IN ('received', 'accepted', 'not_accepted',
    'forwarded', 'verifying', 'concluded', 'decided', 'closed', 'withdrawn')),
  received_on text COLLATE "C" NOT NULL,
  open_deadline text COLLATE "C",
  violation_ids text[] COLLATE "C" NOT NULL,
  project_ids text[] COLLATE "C" NOT NULL,
  geom_type text COLLATE "C" CHECK (geom_type IN ('Point', 'Polygon')),
  ward_codes text[] COLLATE "C" NOT NULL,
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
CREATE INDEX complaints_created ON complaints (created_at DESC, key DESC);
CREATE INDEX complaints_deadline ON complaints (open_deadline) WHERE open_deadline IS NOT NULL;
CREATE INDEX complaints_status ON complaints (type, status);
CREATE INDEX complaints_wards ON complaints USING gin (ward_codes);
CREATE INDEX complaints_links ON complaints USING gin (violation_ids);
CREATE INDEX complaints_projects ON complaints USING gin (project_ids);
CREATE INDEX complaints_geom ON complaints USING gist (geom);
CREATE INDEX complaints_search ON complaints USING gin (search);

-- The layer is no longer a fixed list: every layer is written by code from its declaration.
ALTER TABLE versions DROP CONSTRAINT versions_layer_check;
ALTER TABLE versions ADD CONSTRAINT versions_layer_check CHECK (layer <> '');

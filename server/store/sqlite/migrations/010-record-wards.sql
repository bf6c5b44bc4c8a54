-- Projects keep the wards they share ground with as a JSON array in a column of their own, as
-- gaps (and every later kind of record) do: one way for the record engine to write and filter
-- them. A layer of a few hundred records: the ward filter reads the arrays, no index needed.
ALTER TABLE projects ADD COLUMN ward_codes TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(ward_codes) AND json_type(ward_codes) = 'array');
UPDATE projects SET ward_codes = (
  SELECT coalesce(json_group_array(ward_code), '[]') FROM (
    SELECT ward_code FROM project_wards WHERE project = projects.rowid ORDER BY ward_code));
DROP TABLE project_wards;

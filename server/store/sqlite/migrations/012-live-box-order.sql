-- A map's page of a wide view: the 500 newest records of a box that holds thousands. Read from the
-- R*Tree, every record of the box is visited and sorted by when it was observed (about 7 ms for a
-- box of 5,000 at 100k records, 48 ms for one of 34,000). Read newest first from an index that
-- carries each live record's box, the scan stops at the page's last record: it reads about
-- (page's end) × (records) / (records in the box) entries, 2.5 ms and 0.7 ms for those two boxes.
-- The page's reader takes whichever of the two reads less (violation-box.ts).
-- The box is the record's own, in doubles (the R*Tree's is rounded outwards to 32 bits): a
-- point's coordinates, a polygon's outer ring's extent (its holes lie within it).
ALTER TABLE violations ADD COLUMN min_x REAL;
ALTER TABLE violations ADD COLUMN max_x REAL;
ALTER TABLE violations ADD COLUMN min_y REAL;
ALTER TABLE violations ADD COLUMN max_y REAL;
UPDATE violations SET
  min_x = CASE geom_type WHEN 'Point' THEN json_extract(geometry, '$.coordinates[0]') ELSE
    (SELECT min(json_extract(value, '$[0]')) FROM json_each(violations.geometry, '$.coordinates[0]')) END,
  max_x = CASE geom_type WHEN 'Point' THEN json_extract(geometry, '$.coordinates[0]') ELSE
    (SELECT max(json_extract(value, '$[0]')) FROM json_each(violations.geometry, '$.coordinates[0]')) END,
  min_y = CASE geom_type WHEN 'Point' THEN json_extract(geometry, '$.coordinates[1]') ELSE
    (SELECT min(json_extract(value, '$[1]')) FROM json_each(violations.geometry, '$.coordinates[0]')) END,
  max_y = CASE geom_type WHEN 'Point' THEN json_extract(geometry, '$.coordinates[1]') ELSE
    (SELECT max(json_extract(value, '$[1]')) FROM json_each(violations.geometry, '$.coordinates[0]')) END;
CREATE INDEX violations_live_box ON violations (observed_at DESC, rowid DESC, min_x, max_x, min_y, max_y)
  WHERE archived_at IS NULL;

-- Photo evidence: records written before photos get an empty list, in their rows and history.
UPDATE violations SET properties = json_insert(properties, '$.photos', json('[]'));
UPDATE versions SET after = json_insert(after, '$.properties.photos', json('[]'))
  WHERE layer = 'violations' AND after IS NOT NULL;
UPDATE versions SET before = json_insert(before, '$.properties.photos', json('[]'))
  WHERE layer = 'violations' AND before IS NOT NULL;

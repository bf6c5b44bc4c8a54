-- Each record's last version before an instant, for every record at once (the statistics as of a
-- past day, a month's flows): read from this index alone, without the rows' JSON, in record order.
CREATE INDEX versions_state ON versions (layer, record_id, version, at);

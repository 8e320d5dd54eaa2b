-- The per-member cap counts a member's sessions and the sweep scans by expiry: both by index.
CREATE INDEX sessions_by_email ON sessions (email);
CREATE INDEX sessions_by_expiry ON sessions (expires);

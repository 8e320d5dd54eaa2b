-- Members and their sessions. Portable SQL: the same file runs on SQLite and PostgreSQL.
-- Times are Unix milliseconds; e-mails are stored in lower case.
CREATE TABLE members (
    email TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    tier TEXT NOT NULL,
    password_hash TEXT NOT NULL
);

-- A session is keyed by the SHA-256 of its id, so a copy of the database signs nobody in.
-- `tier` and `credential` (SHA-256 of the password hash) are what the session was granted
-- for: it is valid only while they match the member's row.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL REFERENCES members (email) ON DELETE CASCADE,
    tier TEXT NOT NULL,
    credential TEXT NOT NULL,
    created BIGINT NOT NULL,
    expires BIGINT NOT NULL
);

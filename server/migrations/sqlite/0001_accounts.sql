-- Accounts, one-time access codes, sessions and sign-in throttling.
-- Times are Unix seconds (INTEGER); the PostgreSQL twin uses BIGINT.

CREATE TABLE mds (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('person', 'professional', 'head', 'admin')),
    display_name TEXT NOT NULL,
    email TEXT UNIQUE,
    identifier TEXT UNIQUE,
    secret_hash TEXT,
    function TEXT,
    institution TEXT,
    mission TEXT,
    head_rank TEXT CHECK (head_rank IN ('responsable', 'adjoint')),
    mds_id INTEGER REFERENCES mds (id),
    created_by INTEGER REFERENCES accounts (id),
    created_at INTEGER NOT NULL,
    CHECK ((role = 'person') = (identifier IS NOT NULL)),
    CHECK ((role = 'person') = (email IS NULL)),
    CHECK ((role = 'head') = (head_rank IS NOT NULL))
);
CREATE INDEX accounts_created_by ON accounts (created_by);
CREATE INDEX accounts_mds ON accounts (mds_id, role);

CREATE TABLE access_codes (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES accounts (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX access_codes_account ON access_codes (account_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
    data TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE sign_in_failures (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    first_failure_at INTEGER NOT NULL,
    locked_until INTEGER
);

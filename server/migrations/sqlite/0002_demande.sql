-- The person's dossier and her demande: one answer per field with a
-- version (for concurrent editing), the full history of every change, and
-- the messages of the validation.

CREATE TABLE dossiers (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL UNIQUE REFERENCES accounts (id),
    mds_id INTEGER REFERENCES mds (id),
    state TEXT NOT NULL CHECK (state IN ('draft', 'sent', 'more_info_asked', 'validated', 'not_validated')),
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    decided_at INTEGER,
    decided_by INTEGER REFERENCES accounts (id)
);
CREATE INDEX dossiers_queue ON dossiers (mds_id, state, sent_at);

CREATE TABLE demande_answers (
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES accounts (id),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (dossier_id, field)
);

CREATE TABLE demande_history (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    version INTEGER NOT NULL,
    author_id INTEGER NOT NULL REFERENCES accounts (id),
    at INTEGER NOT NULL
);
CREATE INDEX demande_history_field ON demande_history (dossier_id, field, version);

CREATE TABLE dossier_messages (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    author_id INTEGER NOT NULL REFERENCES accounts (id),
    state TEXT NOT NULL,
    body TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX dossier_messages_dossier ON dossier_messages (dossier_id, at);

-- The person's dossier and her demande: one answer per field with a
-- version (for concurrent editing), the full history of every change, and
-- the messages of the validation.

CREATE TABLE dossiers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id BIGINT NOT NULL UNIQUE REFERENCES accounts (id),
    mds_id BIGINT REFERENCES mds (id),
    state TEXT NOT NULL CHECK (state IN ('draft', 'sent', 'more_info_asked', 'validated', 'not_validated')),
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    decided_at BIGINT,
    decided_by BIGINT REFERENCES accounts (id)
);
CREATE INDEX dossiers_queue ON dossiers (mds_id, state, sent_at);

CREATE TABLE demande_answers (
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_by BIGINT NOT NULL REFERENCES accounts (id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (dossier_id, field)
);

CREATE TABLE demande_history (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    version BIGINT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES accounts (id),
    at BIGINT NOT NULL
);
CREATE INDEX demande_history_field ON demande_history (dossier_id, field, version);

CREATE TABLE dossier_messages (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    author_id BIGINT NOT NULL REFERENCES accounts (id),
    state TEXT NOT NULL,
    body TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX dossier_messages_dossier ON dossier_messages (dossier_id, at);

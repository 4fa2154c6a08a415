-- Sharing (DESIGN.md section 2): the équipe of each dossier, the person's
-- consent events (append-only, kept for proof), the mission perimeters
-- (a département edits this table), the access journal she reads, the
-- professionals' suggestions, and a revision counter that live pages poll.

ALTER TABLE dossiers ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

CREATE TABLE dossier_members (
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    staff_id INTEGER NOT NULL REFERENCES accounts (id),
    since INTEGER NOT NULL,
    until INTEGER,
    added_by INTEGER NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (dossier_id, staff_id)
);
CREATE INDEX dossier_members_staff ON dossier_members (staff_id);

CREATE TABLE consent_events (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    staff_id INTEGER NOT NULL REFERENCES accounts (id),
    kind TEXT NOT NULL,
    granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
    at INTEGER NOT NULL,
    notice_version INTEGER NOT NULL,
    by_id INTEGER NOT NULL REFERENCES accounts (id)
);
CREATE INDEX consent_events_dossier ON consent_events (dossier_id, staff_id, kind, id);

CREATE TABLE mission_perimeters (
    function TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (function, kind)
);
INSERT INTO mission_perimeters (function, kind) VALUES
    ('social_worker', 'housing'),
    ('social_worker', 'money'),
    ('social_worker', 'family'),
    ('social_worker', 'work'),
    ('social_worker', 'mobility'),
    ('social_worker', 'rights'),
    ('social_worker', 'justice'),
    ('social_worker', 'relations'),
    ('social_worker', 'violence'),
    ('social_worker', 'other'),
    ('family_economy_adviser', 'housing'),
    ('family_economy_adviser', 'money'),
    ('family_economy_adviser', 'rights'),
    ('family_economy_adviser', 'other'),
    ('caf_adviser', 'rights'),
    ('caf_adviser', 'money'),
    ('caf_adviser', 'housing'),
    ('caf_adviser', 'family'),
    ('ccas_worker', 'money'),
    ('ccas_worker', 'housing'),
    ('ccas_worker', 'rights'),
    ('ccas_worker', 'mobility'),
    ('ccas_worker', 'other'),
    ('mission_locale_adviser', 'work'),
    ('mission_locale_adviser', 'mobility'),
    ('mission_locale_adviser', 'housing'),
    ('mission_locale_adviser', 'rights'),
    ('pmi_nurse', 'health'),
    ('pmi_nurse', 'family'),
    ('social_landlord', 'housing'),
    ('hospital_social_worker', 'health'),
    ('hospital_social_worker', 'rights'),
    ('hospital_social_worker', 'housing'),
    ('guardian', 'money'),
    ('guardian', 'rights'),
    ('guardian', 'housing'),
    ('france_travail_adviser', 'work'),
    ('france_travail_adviser', 'mobility'),
    ('france_travail_adviser', 'rights');

CREATE TABLE access_journal (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    viewer_id INTEGER NOT NULL REFERENCES accounts (id),
    kind TEXT NOT NULL,
    page TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX access_journal_dossier ON access_journal (dossier_id, at);

CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES accounts (id),
    at INTEGER NOT NULL,
    outcome TEXT CHECK (outcome IN ('accepted', 'refused')),
    decided_at INTEGER
);
CREATE INDEX suggestions_dossier ON suggestions (dossier_id, outcome);

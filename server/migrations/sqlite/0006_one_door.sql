-- One door to her dossier (issue 13).
--
-- Missions within the law: violences belongs to the PMI's mission (child
-- protection); a hospital social worker's covers budget, children, work
-- and violences too; a guardian's covers justice; the head who animates
-- her équipe coordinates every kind but santé and violences, with her
-- consent for each (domain::sharing::default_perimeter).
-- A function whose perimeter an administrator already set keeps it.
INSERT INTO mission_perimeters (function, kind)
SELECT column1, column2 FROM (VALUES
    ('pmi_nurse', 'violence'),
    ('hospital_social_worker', 'money'),
    ('hospital_social_worker', 'family'),
    ('hospital_social_worker', 'work'),
    ('hospital_social_worker', 'violence'),
    ('guardian', 'justice'),
    ('mds_head', 'housing'),
    ('mds_head', 'money'),
    ('mds_head', 'family'),
    ('mds_head', 'work'),
    ('mds_head', 'mobility'),
    ('mds_head', 'rights'),
    ('mds_head', 'justice'),
    ('mds_head', 'relations'),
    ('mds_head', 'other')) AS v
WHERE NOT EXISTS (SELECT 1 FROM perimeter_changes c WHERE c.function = v.column1)
ON CONFLICT DO NOTHING;

-- What the law closes no table opens (domain::sharing::never_sees), and
-- what it opens only by an exception (santé for a guardian): an
-- administrator's earlier edit that did is undone.
DELETE FROM mission_perimeters WHERE (kind = 'health' AND function IN ('social_landlord', 'france_travail_adviser', 'guardian'))
    OR (kind = 'violence' AND function NOT IN ('social_worker', 'pmi_nurse', 'hospital_social_worker'));

-- An exception ends with the membership it was recorded for; ended, it is
-- kept (the reason she read, who wrote it, when) for proof.
ALTER TABLE perimeter_exceptions ADD COLUMN ended_at INTEGER;

-- Exceptions of a membership that ended, or that ended before he was added
-- again (recorded before his current membership began).
UPDATE perimeter_exceptions SET ended_at = (
    SELECT COALESCE(m.until, m.since) FROM dossier_members m
    WHERE m.dossier_id = perimeter_exceptions.dossier_id AND m.staff_id = perimeter_exceptions.staff_id)
WHERE EXISTS (
    SELECT 1 FROM dossier_members m WHERE m.dossier_id = perimeter_exceptions.dossier_id
        AND m.staff_id = perimeter_exceptions.staff_id
        AND (m.until IS NOT NULL OR perimeter_exceptions.at < m.since));

-- Exceptions the law never allowed end now.
UPDATE perimeter_exceptions SET ended_at = at WHERE ended_at IS NULL AND (
    (kind = 'health' AND staff_id IN (SELECT id FROM accounts WHERE function IN ('social_landlord', 'france_travail_adviser')))
    OR (kind = 'violence' AND staff_id IN (
        SELECT id FROM accounts WHERE function NOT IN ('social_worker', 'pmi_nurse', 'hospital_social_worker'))));

-- The demande as she sent it: the head reads this version, never the text
-- she is still writing.
CREATE TABLE demande_sent (
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES accounts (id),
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (dossier_id, field)
);

-- What was done to an account by someone else (a new sheet of connexion):
-- in her journal for ever, and told on her home at her next sign-in.
CREATE TABLE account_events (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    actor_id INTEGER NOT NULL REFERENCES accounts (id),
    what TEXT NOT NULL CHECK (what IN ('new_sheet')),
    at INTEGER NOT NULL,
    seen_at INTEGER
);
CREATE INDEX account_events_account ON account_events (account_id, id);

-- Every power used over a staff account, by whom and when.
CREATE TABLE staff_audit (
    id INTEGER PRIMARY KEY,
    actor_id INTEGER NOT NULL REFERENCES accounts (id),
    action TEXT NOT NULL,
    account_id INTEGER REFERENCES accounts (id),
    request_id INTEGER,
    at INTEGER NOT NULL
);

-- A head account (or a new sheet for one) waits for a second person: an
-- administrator who did not ask, or a head of that MDS.
CREATE TABLE head_requests (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('open', 'sheet')),
    account_id INTEGER REFERENCES accounts (id),
    display_name TEXT NOT NULL,
    email TEXT NOT NULL,
    head_rank TEXT NOT NULL CHECK (head_rank IN ('responsable', 'adjoint')),
    institution TEXT NOT NULL,
    mission TEXT NOT NULL,
    mds_id INTEGER NOT NULL REFERENCES mds (id),
    requested_by INTEGER NOT NULL REFERENCES accounts (id),
    requested_at INTEGER NOT NULL,
    decided_by INTEGER REFERENCES accounts (id),
    decided_at INTEGER
);
CREATE INDEX head_requests_open ON head_requests (mds_id, decided_at);

-- Demandes waiting for a decision today: what she sent is what is stored.
INSERT INTO demande_sent (dossier_id, field, value, author_id, sent_at)
SELECT a.dossier_id, a.field, a.value, a.updated_by, d.sent_at FROM demande_answers a
JOIN dossiers d ON d.id = a.dossier_id WHERE d.state = 'sent';

-- The animateur named at validation is a member of her équipe: she reads
-- what the person shares with her, like any member.
INSERT INTO dossier_members (dossier_id, staff_id, since, until, added_by)
SELECT id, animateur_id, decided_at, NULL, decided_by FROM dossiers
WHERE animateur_id IS NOT NULL AND state = 'validated'
ON CONFLICT DO NOTHING;

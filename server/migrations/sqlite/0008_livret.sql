-- Her livret de parcours (issue 15): one version per équipe meeting, in
-- its canonical form with its SHA-256, signed (or refused) by her; a signed
-- version is never changed and no version is ever deleted, by the app or
-- by anyone else through the database. Her agreement for each professional
-- to receive a copy; the state of each action and who moved it; the bilan
-- of each objective at the next meeting; reminders; her debrief.

CREATE TABLE livret_versions (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    meeting_id INTEGER NOT NULL UNIQUE REFERENCES meetings (id),
    number INTEGER NOT NULL CHECK (number >= 1),
    content TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    signed_at INTEGER,
    refused_at INTEGER,
    refusal TEXT,
    UNIQUE (dossier_id, number)
);

CREATE TRIGGER livret_versions_final BEFORE UPDATE ON livret_versions
WHEN OLD.signed_at IS NOT NULL
  OR NEW.content IS NOT OLD.content OR NEW.sha256 IS NOT OLD.sha256
  OR NEW.number IS NOT OLD.number OR NEW.dossier_id IS NOT OLD.dossier_id
  OR NEW.meeting_id IS NOT OLD.meeting_id OR NEW.created_at IS NOT OLD.created_at
BEGIN
    SELECT RAISE(ABORT, 'livret version: written once, final once signed');
END;

-- Written unsigned, once: no row arrives already signed or refused, and
-- none replaces another (INSERT OR REPLACE would delete it silently).
CREATE TRIGGER livret_versions_new BEFORE INSERT ON livret_versions
WHEN NEW.signed_at IS NOT NULL OR NEW.refused_at IS NOT NULL OR NEW.refusal IS NOT NULL
  OR EXISTS (SELECT 1 FROM livret_versions v WHERE v.id = NEW.id OR v.meeting_id = NEW.meeting_id
             OR (v.dossier_id = NEW.dossier_id AND v.number = NEW.number))
BEGIN
    SELECT RAISE(ABORT, 'livret version: written unsigned, once');
END;

CREATE TRIGGER livret_versions_kept BEFORE DELETE ON livret_versions
BEGIN
    SELECT RAISE(ABORT, 'livret version: never deleted');
END;

-- Her yes (granted = 1) or her no for one professional to receive a copy.
CREATE TABLE livret_copies (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    staff_id INTEGER NOT NULL REFERENCES accounts (id),
    granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
    at INTEGER NOT NULL
);
CREATE INDEX livret_copies_dossier ON livret_copies (dossier_id, staff_id, id);

ALTER TABLE actions ADD COLUMN state TEXT NOT NULL DEFAULT 'todo' CHECK (state IN ('todo', 'doing', 'done', 'dropped'));
ALTER TABLE actions ADD COLUMN state_reason TEXT;
ALTER TABLE actions ADD COLUMN state_at INTEGER;
-- The meeting that wrote the action (an action may be added to an objective
-- carried from an earlier meeting): followed only once that one is closed.
ALTER TABLE actions ADD COLUMN meeting_id INTEGER REFERENCES meetings (id);
CREATE INDEX actions_who ON actions (who_id, state, due_at);

CREATE TABLE action_updates (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions (id),
    state TEXT NOT NULL,
    reason TEXT,
    by_id INTEGER NOT NULL REFERENCES accounts (id),
    at INTEGER NOT NULL
);
CREATE INDEX action_updates_action ON action_updates (action_id, id);

-- The bilan of an objective written at an earlier meeting, given at this one.
CREATE TABLE objective_bilans (
    objective_id INTEGER NOT NULL REFERENCES objectives (id),
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    bilan TEXT NOT NULL CHECK (bilan IN ('reached', 'ongoing', 'to_review', 'dropped')),
    by_id INTEGER NOT NULL REFERENCES accounts (id),
    at INTEGER NOT NULL,
    PRIMARY KEY (objective_id, meeting_id)
);

-- Reminders, once each: of an action before its deadline, of the next
-- meeting two weeks before. Shown in the app; e-mailed to professionals.
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    what TEXT NOT NULL CHECK (what IN ('action', 'review')),
    target_id INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (account_id, what, target_id, due_at)
);
CREATE INDEX reminders_account ON reminders (account_id, due_at);

-- After a meeting, if she wishes: how confident she felt, how well she
-- understood (1 to 4, she picks the pictogram herself).
CREATE TABLE meeting_debriefs (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings (id),
    confidence INTEGER NOT NULL CHECK (confidence BETWEEN 1 AND 4),
    understanding INTEGER NOT NULL CHECK (understanding BETWEEN 1 AND 4),
    by_id INTEGER NOT NULL REFERENCES accounts (id),
    at INTEGER NOT NULL
);

-- A change of référent, at her request or his: the new one must accept,
-- and she must agree when she did not ask. Kept, done or withdrawn.
CREATE TABLE referent_changes (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    from_id INTEGER REFERENCES accounts (id),
    to_id INTEGER NOT NULL REFERENCES accounts (id),
    asked_by INTEGER NOT NULL REFERENCES accounts (id),
    asked_at INTEGER NOT NULL,
    her_yes_at INTEGER,
    his_yes_at INTEGER,
    done_at INTEGER,
    withdrawn_at INTEGER
);
CREATE INDEX referent_changes_dossier ON referent_changes (dossier_id, id);

-- The accompaniment closed by the animateur, with a reason she reads; her
-- livret stays hers to read.
ALTER TABLE dossiers ADD COLUMN closed_at INTEGER;
ALTER TABLE dossiers ADD COLUMN closed_reason TEXT;
ALTER TABLE dossiers ADD COLUMN closed_by INTEGER REFERENCES accounts (id);

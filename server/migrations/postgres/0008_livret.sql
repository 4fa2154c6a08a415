-- Her livret de parcours (issue 15): one version per équipe meeting, in
-- its canonical form with its SHA-256, signed (or refused) by her; a signed
-- version is never changed and no version is ever deleted, by the app or
-- by anyone else through the database. Her agreement for each professional
-- to receive a copy; the state of each action and who moved it; the bilan
-- of each objective at the next meeting; reminders; her debrief.

CREATE TABLE livret_versions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    meeting_id BIGINT NOT NULL UNIQUE REFERENCES meetings (id),
    number BIGINT NOT NULL CHECK (number >= 1),
    content TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    signed_at BIGINT,
    refused_at BIGINT,
    refusal TEXT,
    UNIQUE (dossier_id, number)
);

CREATE FUNCTION livret_versions_final() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'livret version: never deleted';
    END IF;
    IF OLD.signed_at IS NOT NULL
       OR NEW.content IS DISTINCT FROM OLD.content OR NEW.sha256 IS DISTINCT FROM OLD.sha256
       OR NEW.number IS DISTINCT FROM OLD.number OR NEW.dossier_id IS DISTINCT FROM OLD.dossier_id
       OR NEW.meeting_id IS DISTINCT FROM OLD.meeting_id OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'livret version: written once, final once signed';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER livret_versions_final BEFORE UPDATE OR DELETE ON livret_versions
FOR EACH ROW EXECUTE FUNCTION livret_versions_final();

-- Written unsigned: no row arrives already signed or refused.
CREATE FUNCTION livret_versions_new() RETURNS trigger AS $$
BEGIN
    IF NEW.signed_at IS NOT NULL OR NEW.refused_at IS NOT NULL OR NEW.refusal IS NOT NULL THEN
        RAISE EXCEPTION 'livret version: written unsigned';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER livret_versions_new BEFORE INSERT ON livret_versions
FOR EACH ROW EXECUTE FUNCTION livret_versions_new();

-- Row triggers do not see TRUNCATE.
CREATE FUNCTION livret_versions_not_truncated() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'livret version: never deleted';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER livret_versions_not_truncated BEFORE TRUNCATE ON livret_versions
FOR EACH STATEMENT EXECUTE FUNCTION livret_versions_not_truncated();

-- Her yes (granted = 1) or her no for one professional to receive a copy.
CREATE TABLE livret_copies (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    staff_id BIGINT NOT NULL REFERENCES accounts (id),
    granted BIGINT NOT NULL CHECK (granted IN (0, 1)),
    at BIGINT NOT NULL
);
CREATE INDEX livret_copies_dossier ON livret_copies (dossier_id, staff_id, id);

ALTER TABLE actions ADD COLUMN state TEXT NOT NULL DEFAULT 'todo' CHECK (state IN ('todo', 'doing', 'done', 'dropped'));
ALTER TABLE actions ADD COLUMN state_reason TEXT;
ALTER TABLE actions ADD COLUMN state_at BIGINT;
-- The meeting that wrote the action (an action may be added to an objective
-- carried from an earlier meeting): followed only once that one is closed.
ALTER TABLE actions ADD COLUMN meeting_id BIGINT REFERENCES meetings (id);
CREATE INDEX actions_who ON actions (who_id, state, due_at);

CREATE TABLE action_updates (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id BIGINT NOT NULL REFERENCES actions (id),
    state TEXT NOT NULL,
    reason TEXT,
    by_id BIGINT NOT NULL REFERENCES accounts (id),
    at BIGINT NOT NULL
);
CREATE INDEX action_updates_action ON action_updates (action_id, id);

-- The bilan of an objective written at an earlier meeting, given at this one.
CREATE TABLE objective_bilans (
    objective_id BIGINT NOT NULL REFERENCES objectives (id),
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    bilan TEXT NOT NULL CHECK (bilan IN ('reached', 'ongoing', 'to_review', 'dropped')),
    by_id BIGINT NOT NULL REFERENCES accounts (id),
    at BIGINT NOT NULL,
    PRIMARY KEY (objective_id, meeting_id)
);

-- Reminders, once each: of an action before its deadline, of the next
-- meeting two weeks before. Shown in the app; e-mailed to professionals.
CREATE TABLE reminders (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    what TEXT NOT NULL CHECK (what IN ('action', 'review')),
    target_id BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, what, target_id, due_at)
);
CREATE INDEX reminders_account ON reminders (account_id, due_at);

-- After a meeting, if she wishes: how confident she felt, how well she
-- understood (1 to 4, she picks the pictogram herself).
CREATE TABLE meeting_debriefs (
    meeting_id BIGINT PRIMARY KEY REFERENCES meetings (id),
    confidence BIGINT NOT NULL CHECK (confidence BETWEEN 1 AND 4),
    understanding BIGINT NOT NULL CHECK (understanding BETWEEN 1 AND 4),
    by_id BIGINT NOT NULL REFERENCES accounts (id),
    at BIGINT NOT NULL
);

-- A change of référent, at her request or his: the new one must accept,
-- and she must agree when she did not ask. Kept, done or withdrawn.
CREATE TABLE referent_changes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    from_id BIGINT REFERENCES accounts (id),
    to_id BIGINT NOT NULL REFERENCES accounts (id),
    asked_by BIGINT NOT NULL REFERENCES accounts (id),
    asked_at BIGINT NOT NULL,
    her_yes_at BIGINT,
    his_yes_at BIGINT,
    done_at BIGINT,
    withdrawn_at BIGINT
);
CREATE INDEX referent_changes_dossier ON referent_changes (dossier_id, id);

-- The accompaniment closed by the animateur, with a reason she reads; her
-- livret stays hers to read.
ALTER TABLE dossiers ADD COLUMN closed_at BIGINT;
ALTER TABLE dossiers ADD COLUMN closed_reason TEXT;
ALTER TABLE dossiers ADD COLUMN closed_by BIGINT REFERENCES accounts (id);

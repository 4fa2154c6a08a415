-- The équipe parcours et projet meeting (issue 14): three dates and the
-- answers to them, the invitations (in the app and by e-mail), and the
-- meeting itself: attendance, charter, what she lets be discussed and in
-- which order, strengths and needs, objectives and actions, the référent
-- agreed by her and by him, the review date, and the record of who
-- decided what. Each item written about her carries its life area: the
-- sharing rule decides who reads it afterwards, as for her demande.

CREATE TABLE meetings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    stage TEXT NOT NULL CHECK (stage IN ('proposed', 'scheduled', 'running', 'closed')),
    place TEXT NOT NULL,
    animateur_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at BIGINT NOT NULL,
    chosen_at BIGINT,
    chosen_slot BIGINT CHECK (chosen_slot BETWEEN 0 AND 2),
    invited_at BIGINT,
    started_at BIGINT,
    charter_read_at BIGINT,
    review_at BIGINT,
    closed_at BIGINT
);
-- One meeting at a time for a dossier: a new one once the last is closed.
CREATE INDEX meetings_dossier ON meetings (dossier_id, id);

CREATE TABLE meeting_slots (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    slot BIGINT NOT NULL CHECK (slot BETWEEN 0 AND 2),
    at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, slot)
);

-- Who is invited: her équipe when the dates are proposed, and whoever the
-- animateur adds later with her agreement (as a member of her équipe).
CREATE TABLE meeting_invitees (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    invited_at BIGINT NOT NULL,
    attendance TEXT CHECK (attendance IN ('present', 'excused', 'absent')),
    attendance_at BIGINT,
    PRIMARY KEY (meeting_id, account_id)
);

CREATE TABLE meeting_answers (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    slot BIGINT NOT NULL CHECK (slot BETWEEN 0 AND 2),
    answer TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
    at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, account_id, slot)
);

-- Her choice per life area: "on peut en parler" (open = 1) or not, and
-- her priority (1 first). Closed during the meeting ("je ne veux pas en
-- parler"): open = 0 and closed_at set; what was written there is gone.
CREATE TABLE meeting_topics (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    kind TEXT NOT NULL,
    open BIGINT NOT NULL CHECK (open IN (0, 1)),
    priority BIGINT,
    closed_at BIGINT,
    PRIMARY KEY (meeting_id, kind)
);

CREATE TABLE meeting_notes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    kind TEXT NOT NULL,
    what TEXT NOT NULL CHECK (what IN ('strength', 'need', 'note')),
    body TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES accounts (id),
    at BIGINT NOT NULL
);
CREATE INDEX meeting_notes_meeting ON meeting_notes (meeting_id, id);

CREATE TABLE objectives (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES accounts (id),
    at BIGINT NOT NULL
);
CREATE INDEX objectives_meeting ON objectives (meeting_id, id);

-- An action: what, who (she herself when who_id is hers), by when, the means.
CREATE TABLE actions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    objective_id BIGINT NOT NULL REFERENCES objectives (id),
    what TEXT NOT NULL,
    who_id BIGINT NOT NULL REFERENCES accounts (id),
    due_at BIGINT NOT NULL,
    means TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES accounts (id),
    at BIGINT NOT NULL
);
CREATE INDEX actions_objective ON actions (objective_id, id);

-- A référent proposed at the meeting: recorded only once she said yes
-- and he accepted, each with the time.
CREATE TABLE referent_proposals (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    staff_id BIGINT NOT NULL REFERENCES accounts (id),
    proposed_by BIGINT NOT NULL REFERENCES accounts (id),
    proposed_at BIGINT NOT NULL,
    her_yes_at BIGINT,
    his_yes_at BIGINT,
    UNIQUE (meeting_id, staff_id)
);

ALTER TABLE dossiers ADD COLUMN referent_id BIGINT REFERENCES accounts (id);
ALTER TABLE dossiers ADD COLUMN referent_since BIGINT;

-- Who decided what, in order: the meeting's plain record.
CREATE TABLE meeting_record (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    actor_id BIGINT NOT NULL REFERENCES accounts (id),
    what TEXT NOT NULL,
    kind TEXT,
    detail TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX meeting_record_meeting ON meeting_record (meeting_id, id);

-- E-mails sent (or that could not be): the exact text, for proof that it
-- carried nothing of hers.
CREATE TABLE mail_outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient_id BIGINT NOT NULL REFERENCES accounts (id),
    address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    meeting_id BIGINT REFERENCES meetings (id),
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    error TEXT
);

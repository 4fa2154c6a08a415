-- The lists a professional or a head opens, read through an index each
-- (issue 17: server/tests/growth.rs fails on a hot path that reads a
-- growing table whole).
CREATE INDEX meetings_animateur ON meetings (animateur_id);
CREATE INDEX meeting_invitees_account ON meeting_invitees (account_id);
CREATE INDEX dossiers_animateur ON dossiers (animateur_id, state);
-- Each invitation asks whether that guest already has that mail.
CREATE INDEX mail_outbox_meeting ON mail_outbox (meeting_id, recipient_id);

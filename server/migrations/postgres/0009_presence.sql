-- Who has a dossier open, kept in the database so that every server
-- instance behind a load balancer shows the same people (issue 17).
-- A row says "present until": each open page pushes it forward while it
-- waits for changes; a page closed stops pushing and its row runs out.
CREATE TABLE presence (
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    present_until BIGINT NOT NULL,
    PRIMARY KEY (dossier_id, account_id)
);
CREATE INDEX presence_until ON presence (present_until);

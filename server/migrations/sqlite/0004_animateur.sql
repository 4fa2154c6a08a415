-- Validation designates who animates the équipe parcours et projet (the
-- head or an adjoint); the animateur may record, with a written reason
-- the person reads, that a professional needs a kind of information
-- outside his mission for this dossier.

ALTER TABLE dossiers ADD COLUMN animateur_id INTEGER REFERENCES accounts (id);

CREATE TABLE perimeter_exceptions (
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    staff_id INTEGER NOT NULL REFERENCES accounts (id),
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    by_id INTEGER NOT NULL REFERENCES accounts (id),
    at INTEGER NOT NULL,
    PRIMARY KEY (dossier_id, staff_id, kind)
);

-- An administrator adapts what each function may see (the mission
-- perimeters). Each change is kept, with who made it and when: it changes
-- what every professional of that function sees in every dossier.

CREATE TABLE perimeter_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    function TEXT NOT NULL,
    kinds TEXT NOT NULL,
    by_id INTEGER NOT NULL REFERENCES accounts (id),
    at INTEGER NOT NULL
);
CREATE INDEX perimeter_changes_function ON perimeter_changes (function, id);

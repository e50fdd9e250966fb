-- a service's own migration, applied after the kit's by Database.migrateAndConnect in the tests
CREATE TABLE widgets (
    id   text PRIMARY KEY,
    name text NOT NULL
);

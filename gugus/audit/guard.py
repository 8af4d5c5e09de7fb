"""The database-level guard of the audit log (installed by its migrations).

In the database itself:

- entries are append-only: UPDATE and DELETE are refused, and so is an INSERT that would replace
  an existing row (SQLite's ``INSERT OR REPLACE`` deletes the old row without firing DELETE
  triggers, so the INSERT trigger refuses any clash first);
- an entry must extend the chain: its sequence is the head's plus one and its previous MAC is
  the head's; the head then advances by trigger, in the same statement, so an entry and its head
  can never disagree;
- the head row cannot be deleted, replaced, moved backwards or pointed at anything but the last
  entry; it can be (re)created only to match the last entry (``audit_record`` records that);
- on PostgreSQL, TRUNCATE of either table is refused too (unless the session sets
  ``gugus.audit_truncate = 'allow'``, which only the test suite's flush does; the application's
  role has no TRUNCATE privilege anyway, see ``app_role_sql``).

The unsealed journal (``AuditJournal``, reads recorded without the head's lock) is guarded too
(``install_journal``): its rows are never updated nor replaced, and deleted only once an entry
of the chain carries the row's id (what the sealer does in the same transaction); TRUNCATE is
refused on PostgreSQL.

Someone who owns the tables can still drop these triggers: that is what the MACs and the signed
checkpoints outside the database are for (``gugus/audit/integrity.py``).
"""

from gugus.audit.integrity import GENESIS

_SQLITE_TRIGGERS = {
    "audit_entry_no_update": """CREATE TRIGGER IF NOT EXISTS audit_entry_no_update
       BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""",
    "audit_entry_no_delete": """CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete
       BEFORE DELETE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""",
    "audit_entry_extends_head": """CREATE TRIGGER IF NOT EXISTS audit_entry_extends_head
       BEFORE INSERT ON audit_auditentry
       WHEN EXISTS (SELECT 1 FROM audit_auditentry
                    WHERE id = NEW.id OR sequence = NEW.sequence OR entry_hash = NEW.entry_hash)
         OR NOT EXISTS (SELECT 1 FROM audit_audithead
                        WHERE id = 1 AND sequence + 1 = NEW.sequence AND last_hash = NEW.previous_hash)
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only and must extend the chain head'); END;""",
    "audit_entry_advance_head": """CREATE TRIGGER IF NOT EXISTS audit_entry_advance_head
       AFTER INSERT ON audit_auditentry
       BEGIN UPDATE audit_audithead SET sequence = NEW.sequence, last_hash = NEW.entry_hash WHERE id = 1; END;""",
    "audit_head_no_delete": """CREATE TRIGGER IF NOT EXISTS audit_head_no_delete
       BEFORE DELETE ON audit_audithead
       BEGIN SELECT RAISE(ABORT, 'the audit head cannot be deleted'); END;""",
    "audit_head_follows_entries": """CREATE TRIGGER IF NOT EXISTS audit_head_follows_entries
       BEFORE UPDATE ON audit_audithead
       WHEN NEW.id IS NOT OLD.id OR NEW.sequence IS NOT OLD.sequence + 1
         OR NEW.last_hash IS NOT (SELECT entry_hash FROM audit_auditentry WHERE sequence = NEW.sequence)
       BEGIN SELECT RAISE(ABORT, 'the audit head only follows the last entry'); END;""",
    "audit_head_single": f"""CREATE TRIGGER IF NOT EXISTS audit_head_single
       BEFORE INSERT ON audit_audithead
       WHEN EXISTS (SELECT 1 FROM audit_audithead) OR NEW.id IS NOT 1
         OR NEW.sequence IS NOT COALESCE((SELECT MAX(sequence) FROM audit_auditentry), 0)
         OR NEW.last_hash IS NOT COALESCE(
              (SELECT entry_hash FROM audit_auditentry WHERE sequence = NEW.sequence), '{GENESIS}')
       BEGIN SELECT RAISE(ABORT, 'the audit head only follows the last entry'); END;""",  # noqa: S608  # nosec B608 (a constant)
}
SQLITE_CREATE = list(_SQLITE_TRIGGERS.values())
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name};" for name in _SQLITE_TRIGGERS]

POSTGRES_CREATE = [
    """CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
       BEGIN
         IF current_setting('gugus.audit_truncate', true) = 'allow' THEN RETURN NULL; END IF;
         RAISE EXCEPTION 'audit entries are append-only (TRUNCATE refused)';
       END; $$ LANGUAGE plpgsql;""",
    """CREATE OR REPLACE FUNCTION audit_entry_extends_head() RETURNS trigger AS $$
       DECLARE head_sequence bigint; head_hash varchar;
       BEGIN
         SELECT sequence, last_hash INTO head_sequence, head_hash FROM audit_audithead WHERE id = 1;
         IF NOT FOUND OR NEW.sequence <> head_sequence + 1 OR NEW.previous_hash <> head_hash THEN
           RAISE EXCEPTION 'audit entries are append-only and must extend the chain head';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE OR REPLACE FUNCTION audit_entry_advance_head() RETURNS trigger AS $$
       BEGIN
         UPDATE audit_audithead SET sequence = NEW.sequence, last_hash = NEW.entry_hash WHERE id = 1;
         RETURN NULL;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE OR REPLACE FUNCTION audit_head_refuse_delete() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit head cannot be deleted'; END; $$ LANGUAGE plpgsql;""",
    """CREATE OR REPLACE FUNCTION audit_head_follows_entries() RETURNS trigger AS $$
       BEGIN
         IF NEW.id IS DISTINCT FROM OLD.id OR NEW.sequence IS DISTINCT FROM OLD.sequence + 1
            OR NEW.last_hash IS DISTINCT FROM
               (SELECT entry_hash FROM audit_auditentry WHERE sequence = NEW.sequence) THEN
           RAISE EXCEPTION 'the audit head only follows the last entry';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE OR REPLACE FUNCTION audit_head_single() RETURNS trigger AS $$
       DECLARE last_sequence bigint;
       BEGIN
         SELECT COALESCE(MAX(sequence), 0) INTO last_sequence FROM audit_auditentry;
         IF EXISTS (SELECT 1 FROM audit_audithead) OR NEW.id IS DISTINCT FROM 1
            OR NEW.sequence IS DISTINCT FROM last_sequence
            OR NEW.last_hash IS DISTINCT FROM COALESCE(
                 (SELECT entry_hash FROM audit_auditentry WHERE sequence = last_sequence), 'GENESIS_HASH') THEN
           RAISE EXCEPTION 'the audit head only follows the last entry';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""".replace("GENESIS_HASH", GENESIS),  # nosec B608 (a constant)
    "DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_auditentry;",
    """CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();""",
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;",
    """CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();""",
    "DROP TRIGGER IF EXISTS audit_entry_extends_head ON audit_auditentry;",
    """CREATE TRIGGER audit_entry_extends_head BEFORE INSERT ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_entry_extends_head();""",
    "DROP TRIGGER IF EXISTS audit_entry_advance_head ON audit_auditentry;",
    """CREATE TRIGGER audit_entry_advance_head AFTER INSERT ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_entry_advance_head();""",
    "DROP TRIGGER IF EXISTS audit_head_no_delete ON audit_audithead;",
    """CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_audithead
       FOR EACH ROW EXECUTE FUNCTION audit_head_refuse_delete();""",
    "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_audithead;",
    """CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_audithead
       FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();""",
    "DROP TRIGGER IF EXISTS audit_head_follows_entries ON audit_audithead;",
    """CREATE TRIGGER audit_head_follows_entries BEFORE UPDATE ON audit_audithead
       FOR EACH ROW EXECUTE FUNCTION audit_head_follows_entries();""",
    "DROP TRIGGER IF EXISTS audit_head_single ON audit_audithead;",
    """CREATE TRIGGER audit_head_single BEFORE INSERT ON audit_audithead
       FOR EACH ROW EXECUTE FUNCTION audit_head_single();""",
]
_POSTGRES_TRIGGERS = [
    ("audit_entry_no_change", "audit_auditentry"),
    ("audit_entry_no_truncate", "audit_auditentry"),
    ("audit_entry_extends_head", "audit_auditentry"),
    ("audit_entry_advance_head", "audit_auditentry"),
    ("audit_head_no_delete", "audit_audithead"),
    ("audit_head_no_truncate", "audit_audithead"),
    ("audit_head_follows_entries", "audit_audithead"),
    ("audit_head_single", "audit_audithead"),
]
_POSTGRES_FUNCTIONS = [
    "audit_entry_refuse_change",
    "audit_refuse_truncate",
    "audit_entry_extends_head",
    "audit_entry_advance_head",
    "audit_head_refuse_delete",
    "audit_head_follows_entries",
    "audit_head_single",
]
POSTGRES_DROP = [f"DROP TRIGGER IF EXISTS {name} ON {table};" for name, table in _POSTGRES_TRIGGERS] + [
    f"DROP FUNCTION IF EXISTS {name}();" for name in _POSTGRES_FUNCTIONS
]


_JOURNAL_SQLITE_TRIGGERS = {
    "audit_journal_no_update": """CREATE TRIGGER IF NOT EXISTS audit_journal_no_update
       BEFORE UPDATE ON audit_auditjournal
       BEGIN SELECT RAISE(ABORT, 'audit journal rows are append-only'); END;""",
    "audit_journal_no_replace": """CREATE TRIGGER IF NOT EXISTS audit_journal_no_replace
       BEFORE INSERT ON audit_auditjournal
       WHEN EXISTS (SELECT 1 FROM audit_auditjournal WHERE id = NEW.id OR mac = NEW.mac)
       BEGIN SELECT RAISE(ABORT, 'audit journal rows are append-only'); END;""",
    "audit_journal_delete_once_sealed": """CREATE TRIGGER IF NOT EXISTS audit_journal_delete_once_sealed
       BEFORE DELETE ON audit_auditjournal
       WHEN NOT EXISTS (SELECT 1 FROM audit_auditentry WHERE journal_id = OLD.id)
       BEGIN SELECT RAISE(ABORT, 'an audit journal row is deleted only once it is sealed into the chain'); END;""",
}
JOURNAL_SQLITE_CREATE = list(_JOURNAL_SQLITE_TRIGGERS.values())
JOURNAL_SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name};" for name in _JOURNAL_SQLITE_TRIGGERS]
JOURNAL_POSTGRES_CREATE = [
    """CREATE OR REPLACE FUNCTION audit_journal_refuse_update() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit journal rows are append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE OR REPLACE FUNCTION audit_journal_delete_once_sealed() RETURNS trigger AS $$
       BEGIN
         IF NOT EXISTS (SELECT 1 FROM audit_auditentry WHERE journal_id = OLD.id) THEN
           RAISE EXCEPTION 'an audit journal row is deleted only once it is sealed into the chain';
         END IF;
         RETURN OLD;
       END; $$ LANGUAGE plpgsql;""",
    "DROP TRIGGER IF EXISTS audit_journal_no_update ON audit_auditjournal;",
    """CREATE TRIGGER audit_journal_no_update BEFORE UPDATE ON audit_auditjournal
       FOR EACH ROW EXECUTE FUNCTION audit_journal_refuse_update();""",
    "DROP TRIGGER IF EXISTS audit_journal_delete_once_sealed ON audit_auditjournal;",
    """CREATE TRIGGER audit_journal_delete_once_sealed BEFORE DELETE ON audit_auditjournal
       FOR EACH ROW EXECUTE FUNCTION audit_journal_delete_once_sealed();""",
    "DROP TRIGGER IF EXISTS audit_journal_no_truncate ON audit_auditjournal;",
    """CREATE TRIGGER audit_journal_no_truncate BEFORE TRUNCATE ON audit_auditjournal
       FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();""",
]
JOURNAL_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_journal_no_update ON audit_auditjournal;",
    "DROP TRIGGER IF EXISTS audit_journal_delete_once_sealed ON audit_auditjournal;",
    "DROP TRIGGER IF EXISTS audit_journal_no_truncate ON audit_auditjournal;",
    "DROP FUNCTION IF EXISTS audit_journal_refuse_update();",
    "DROP FUNCTION IF EXISTS audit_journal_delete_once_sealed();",
]


def install_journal(connection) -> None:
    """The guard of the unsealed journal (installed by migration 0004, after the table exists)."""
    statements = {"sqlite": JOURNAL_SQLITE_CREATE, "postgresql": JOURNAL_POSTGRES_CREATE}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def remove_journal(connection) -> None:
    statements = {"sqlite": JOURNAL_SQLITE_DROP, "postgresql": JOURNAL_POSTGRES_DROP}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection) -> None:
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def remove(connection) -> None:
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError("a role or database name is letters, digits and underscores only")
    return '"' + name + '"'


def app_role_sql(*, role: str, database: str, owner: str | None = None, password: str | None = None) -> list[str]:
    """SQL that creates the application's restricted PostgreSQL role (run by the tables' owner).

    The role may read and write the domain tables but owns nothing, so it cannot ALTER TABLE
    (no DISABLE TRIGGER, no DROP TRIGGER), is no superuser (no ``session_replication_role``), and
    has no TRUNCATE anywhere and no UPDATE or DELETE on the audit entries.
    """
    quoted = _quote(role)
    statements = [
        (
            f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
            + (" PASSWORD '" + password.replace("'", "''") + "'" if password else "")
            + ";"
        ),
        f"GRANT CONNECT ON DATABASE {_quote(database)} TO {quoted};",
        f"GRANT USAGE ON SCHEMA public TO {quoted};",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted};",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted};",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {quoted};",
        f"REVOKE UPDATE, DELETE ON audit_auditentry FROM {quoted};",
        f"REVOKE DELETE ON audit_audithead FROM {quoted};",
        # The sealer deletes journal rows it has chained (the trigger refuses any other delete).
        f"REVOKE UPDATE ON audit_auditjournal FROM {quoted};",
    ]
    if owner:
        # Tables created by later migrations (run as the owner) get the same grants.
        statements += [
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {_quote(owner)} IN SCHEMA public "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted};",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {_quote(owner)} IN SCHEMA public "
            f"GRANT USAGE, SELECT ON SEQUENCES TO {quoted};",
        ]
    return statements

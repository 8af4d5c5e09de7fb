#!/usr/bin/env bash
# Backup drill on PostgreSQL: seed a small database, back it up, restore it into a fresh
# database, and compare row counts and checksums table by table (twice: by `gugus restore`
# against the manifest, and by a second backup of the restored database, manifest against manifest).
#
#   deploy/backup-drill.sh            (needs PostgreSQL on 127.0.0.1:5432, trust auth, and .venv)
#   PGHOST/PGPORT/PGUSER, DRILL_CASES (default 200) override the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
GUGUS=.venv/bin/gugus
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
SOURCE_DB="gugus_drill_src_$$"
TARGET_DB="gugus_drill_dst_$$"
WORK=$(mktemp -d)
export GUGUS_ENV=demo GUGUS_HOME="$WORK/home"
cleanup() {
  dropdb --if-exists "$SOURCE_DB" >/dev/null 2>&1 || true
  dropdb --if-exists "$TARGET_DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
url() { echo "postgres://${PGUSER}@${PGHOST}:${PGPORT}/$1"; }

echo "== seeding $SOURCE_DB"
createdb "$SOURCE_DB"
DATABASE_URL=$(url "$SOURCE_DB") $GUGUS demo --no-serve --seed 2025 >/dev/null
DATABASE_URL=$(url "$SOURCE_DB") $GUGUS cases generate --cases "${DRILL_CASES:-200}" --seed 7 --workers 1

echo "== backup"
DATABASE_URL=$(url "$SOURCE_DB") $GUGUS backup -o "$WORK/backup"

echo "== the keys are not in the backup"
for name in SECRET_KEY GUGUS_FIELD_KEYS GUGUS_BLIND_INDEX_KEY; do
  value=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$GUGUS_HOME/secrets.json" "$name")
  material=${value#*:}
  if grep -rqaF -e "$value" -e "$material" "$WORK/backup"; then echo "DRILL FAILED: $name found in the backup"; exit 1; fi
done

echo "== restore into the fresh database $TARGET_DB"
createdb "$TARGET_DB"
DATABASE_URL=$(url "$TARGET_DB") $GUGUS restore "$WORK/backup"

echo "== a second restore into the same database is refused"
if DATABASE_URL=$(url "$TARGET_DB") $GUGUS restore "$WORK/backup" 2>/dev/null; then
  echo "DRILL FAILED: restore into a non-empty database was accepted"; exit 1
fi

echo "== backup of the restored database, compared table by table"
DATABASE_URL=$(url "$TARGET_DB") $GUGUS backup -o "$WORK/again" >/dev/null 2>&1
python3 - "$WORK/backup/manifest.json" "$WORK/again/manifest.json" <<'PY'
import json, sys
first, second = (json.load(open(p)) for p in sys.argv[1:3])
bad = [t for t in sorted(set(first["tables"]) | set(second["tables"])) if first["tables"].get(t) != second["tables"].get(t)]
rows = sum(t["rows"] for t in first["tables"].values())
if bad or first["migrations"] != second["migrations"]:
    print("DRILL FAILED: tables differ:", ", ".join(bad) or "(migrations)")
    sys.exit(1)
print(f"{len(first['tables'])} tables, {rows} rows: identical row counts and checksums")
PY
echo "DRILL PASSED"

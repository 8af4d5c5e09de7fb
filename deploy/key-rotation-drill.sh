#!/usr/bin/env bash
# Key-rotation drill: seed with key k1, put a new key k2 first, run `gugus keys rotate`, then start
# with k2 ALONE and decrypt every encrypted value of every row; any row still under k1 fails the drill.
#
#   deploy/key-rotation-drill.sh      (SQLite in a temporary directory; DATABASE_URL to use another database)
set -euo pipefail
cd "$(dirname "$0")/.."
GUGUS=$PWD/.venv/bin/gugus
PY=$PWD/.venv/bin/python
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export GUGUS_ENV=demo GUGUS_HOME="$WORK/home"
export DATABASE_URL=${DATABASE_URL:-sqlite:///$WORK/drill.sqlite3}
newkey() { $PY -c "import base64,secrets; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())"; }
export SECRET_KEY=$(newkey) GUGUS_BLIND_INDEX_KEY=$(newkey)
K1="k1:$(newkey)" K2="k2:$(newkey)"

echo "== seeding with k1"
GUGUS_FIELD_KEYS="$K1" $GUGUS demo --no-serve --seed 2025 >/dev/null

echo "== rotating to k2 (k1 still configured to read)"
GUGUS_FIELD_KEYS="$K2,$K1" $GUGUS keys rotate

echo "== k2 alone reads every value"
GUGUS_FIELD_KEYS="$K2" $PY - <<'PY'
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gugus.settings")
django.setup()
from gugus.core.crypto import encrypted_fields, encrypted_models
values = 0
for model in encrypted_models():
    fields = encrypted_fields(model)
    for row in model._base_manager.iterator():
        for field in fields:
            getattr(row, field.name)  # raises DecryptionFailed under a key k2 does not hold
            values += 1
print(f"{values} encrypted values read with k2 alone")
PY
echo "DRILL PASSED"

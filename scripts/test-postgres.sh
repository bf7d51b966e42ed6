#!/usr/bin/env bash
# Run the test suite against PostgreSQL: a fresh, uniquely named database on 127.0.0.1:5432
# (trust auth as on these machines), dropped afterwards. Override with IHYA_PG_ADMIN_URL.
set -euo pipefail
admin_url=${IHYA_PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
name="ihya_ci_$(date +%s)_$$"
base=${admin_url%/*}
psql "$admin_url" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $name" >/dev/null
trap 'psql "$admin_url" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1; psql "$admin_url" -qc "DROP DATABASE IF EXISTS test_$name WITH (FORCE)" >/dev/null 2>&1' EXIT
export IHYA_DATABASE_URL="$base/$name"
echo "PostgreSQL test run on $IHYA_DATABASE_URL"
.venv/bin/pytest -q "$@"

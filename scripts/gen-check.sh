#!/bin/sh
# Fails when the committed generated code differs from what proto/ generates now.
set -e
cd "$(dirname "$0")/.."
npm run --silent gen
if [ -n "$(git status --porcelain -- libs/contracts/src/gen)" ]; then
  echo "gen-check: libs/contracts/src/gen is stale; run 'npm run gen' and commit the result:" >&2
  git status --porcelain -- libs/contracts/src/gen >&2
  exit 1
fi
(cd proto && ../node_modules/.bin/buf lint)
echo "gen-check: generated code is up to date"

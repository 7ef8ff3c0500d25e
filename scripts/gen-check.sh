#!/bin/sh
# Fails when the committed generated code differs from what proto/ (protobuf code) and the services'
# OpenAPI documents (the dashboard's typed clients) generate now.
set -e
cd "$(dirname "$0")/.."
npm run --silent gen
generated="libs/contracts/src/gen services/dashboard/web/src/api/gen"
if [ -n "$(git status --porcelain -- $generated)" ]; then
  echo "gen-check: generated code is stale; run 'npm run gen' and commit the result:" >&2
  git status --porcelain -- $generated >&2
  exit 1
fi
(cd proto && ../node_modules/.bin/buf lint)
echo "gen-check: generated code is up to date"

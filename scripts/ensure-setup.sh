#!/bin/sh
# Set-up shared by `npm start` and `npm test`: dependencies installed from the lock file,
# generated code present, and the one system binary the stack needs (nats-server) found or explained.
set -e
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

if [ ! -f libs/contracts/src/gen/guildwire/common/v1/meta_pb.ts ]; then
  echo "setup: generating protobuf code (buf generate)"
  npm run --silent gen
fi

if [ -z "$NATS_URL" ] && ! command -v nats-server >/dev/null 2>&1; then
  echo "setup: nats-server is not installed and NATS_URL is not set." >&2
  echo "       Install it (Debian/Ubuntu: sudo apt-get install -y nats-server; elsewhere: https://docs.nats.io)" >&2
  echo "       or point NATS_URL at a NATS server with JetStream enabled." >&2
  exit 1
fi

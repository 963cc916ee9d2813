#!/usr/bin/env bash
# Runs the example mini-program through `minimedia run` on the embedded defaults
# (synthetic devices, consent answered "allow"), in each dialect.
set -euo pipefail
bin=$1
data=$2
rm -rf "$data"
for dialect in wx tt; do
  echo "=== media-tour ($dialect)"
  "$bin" run Examples/media-tour --dialect "$dialect" --consent allow --data-dir "$data" \
    --app-id "demo.$dialect" --trace --call saveNote --call flipCamera --call openSettings
done
echo "=== permissions recorded for demo.wx"
"$bin" permissions demo.wx --data-dir "$data"

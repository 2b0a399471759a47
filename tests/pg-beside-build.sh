#!/usr/bin/env bash
# npm test's middle step: the server suite on PostgreSQL (npm run test:unit:pg) while the production build the
# browser tests need is made beside it: much of the build waits on one core, and the two together take less time
# than one after the other. The build's output is shown when it fails.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
npm run build > "$log" 2>&1 &
build=$!
npm run test:unit:pg
status=$?
if ! wait "$build"; then
	cat "$log"
	rm -f "$log"
	echo "The build failed (see above)."
	exit 1
fi
tail -n 2 "$log"
rm -f "$log"
exit "$status"

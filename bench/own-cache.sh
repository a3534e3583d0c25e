# Sourced by the bench scripts that build images: a work directory, a marker
# carried by every build command of this run, and a cleanup on exit that
# removes this run's images (the script appends them to `images`) and this
# run's build cache records, and nothing else of the shared engine's.
#
#   . "$(dirname "${BASH_SOURCE[0]}")/own-cache.sh" NAME     (needs DOCKER set)

work=$(mktemp -d "${TMPDIR:-/tmp}/godock-$1.XXXXXX")
nonce="$$-$(date +%s)"
marker="GODOCK_BENCH=$nonce"
images=()

# The build cache records this run's builds made: their commands carry $marker.
own_records() {
  "$DOCKER" system df --verbose --format '{{json .BuildCache}}' 2>/dev/null | python3 -c '
import json, sys
for record in json.load(sys.stdin) or []:
    if sys.argv[1] in record.get("Description", ""):
        print(record["ID"])
' "$marker" || true
}

cleanup() {
  if [ ${#images[@]} -gt 0 ]; then
    "$DOCKER" rmi -f "${images[@]}" >/dev/null 2>&1 || true
  fi
  # A record another builds on goes only after it: rounds until none is left.
  local left now id
  left=$(own_records | wc -l)
  while [ "$left" -gt 0 ]; do
    for id in $(own_records); do
      "$DOCKER" builder prune --force --filter "id=$id" >/dev/null 2>&1 || true
    done
    now=$(own_records | wc -l)
    [ "$now" -lt "$left" ] || break
    left=$now
  done
  rm -rf "$work"
}
trap cleanup EXIT

#!/usr/bin/env bash
# Sync end to end with real processes: a relay and two company folders driven by the `suanpan`
# CLI. A customer made on A reaches B; concurrent edits merge; the relay is killed with -9 in
# the middle of a push and nothing acknowledged is lost; the devices resume; `sync watch` brings
# a change moments after it was pushed (the live feed); a JavaScript Automerge client reads an
# exported document and its change, applied on A, reaches B; a third device joins by the
# pairing code A shows instead of the typed key.
#
#   e2e/sync.sh            (needs target/debug/suanpan and target/debug/suanpan-sync-server)
# Ends with a line `N passed, N failed`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI="$ROOT/target/debug/suanpan"
RELAY="$ROOT/target/debug/suanpan-sync-server"
for bin in "$CLI" "$RELAY"; do
  [[ -x "$bin" ]] || { echo "sync e2e: $bin is not built (cargo build --workspace)" >&2; echo "0 passed, 1 failed"; exit 1; }
done

WORK="$(mktemp -d -t suanpan-sync-e2e.XXXXXX)"
relay_pid=""
cleanup() {
  [[ -n "$relay_pid" ]] && kill -9 "$relay_pid" 2>/dev/null || true
}
trap cleanup EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "✓ $*"; }
die() {
  failed=$((failed + 1))
  echo "✗ $*" >&2
  echo "sync e2e: kept $WORK (relay log, company folders)" >&2
  echo "$passed passed, $failed failed"
  trap - EXIT
  cleanup
  exit 1
}

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"

start_relay() {
  "$RELAY" --listen "127.0.0.1:$PORT" --data-dir "$WORK/relay" >>"$WORK/relay.log" 2>&1 &
  relay_pid=$!
  for _ in $(seq 1 100); do
    if curl -fsS "$URL/healthz" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  die "the relay did not start (see $WORK/relay.log)"
}

# No OS keychain: the company files' keys are passphrases, the relay password comes from the
# environment, and the acting user's password too.
export SUANPAN_LOG=error SUANPAN_KEYCHAIN=off SUANPAN_DB_PASSPHRASE="sync e2e passphrase" \
  SUANPAN_PASSWORD=correct-horse-9 SUANPAN_RELAY_PASSWORD=relay-password-1
A=(--data-dir "$WORK/a")
B=(--data-dir "$WORK/b")
OWNER=(--user owner@example.com)
json_field() { python3 -c "import json, sys; v = json.load(sys.stdin); print(eval('v' + sys.argv[1]))" "$1"; }

start_relay
"$CLI" "${A[@]}" init --company "同步小店" --owner-email owner@example.com >/dev/null || die "init A"
"$CLI" "${A[@]}" "${OWNER[@]}" sync connect --relay "$URL" --email shop@example.com --create \
  --device-name counter >/dev/null || die "A could not create the relay account"
KEY="$("$CLI" "${A[@]}" "${OWNER[@]}" sync key | json_field "['key']")"
"$CLI" "${B[@]}" sync connect --relay "$URL" --email shop@example.com --key "$KEY" \
  --device-name laptop >/dev/null || die "B could not join"
ok "A created the relay account; B joined with the company's key"

ID="$("$CLI" "${A[@]}" "${OWNER[@]}" call customers.create '{"name":"张三丰","email":"zhang@example.com"}' | json_field "['id']")"
"$CLI" "${A[@]}" "${OWNER[@]}" sync >/dev/null || die "A's sync failed"
"$CLI" "${B[@]}" sync >/dev/null || die "B's first sync failed"
got="$("$CLI" "${B[@]}" "${OWNER[@]}" call customers.get "{\"id\":\"$ID\"}" | json_field "['name']")"
[[ "$got" == "张三丰" ]] || die "B has '$got', not the customer made on A"
if grep -q "zhang@example.com" "$WORK/relay/relay.db" "$WORK/relay/relay.db-wal" 2>/dev/null; then
  die "the relay's database holds plaintext"
fi
ok "a customer made on A is on B after one sync, and the relay holds only ciphertext"

"$CLI" "${A[@]}" "${OWNER[@]}" call customers.update "{\"id\":\"$ID\",\"phone\":\"138 0000 0001\"}" >/dev/null
"$CLI" "${B[@]}" "${OWNER[@]}" call customers.update "{\"id\":\"$ID\",\"address\":{\"city\":\"杭州\"}}" >/dev/null
for dir in A B A; do
  if [[ $dir == A ]]; then "$CLI" "${A[@]}" "${OWNER[@]}" sync >/dev/null; else "$CLI" "${B[@]}" "${OWNER[@]}" sync >/dev/null; fi
done
on_a="$("$CLI" "${A[@]}" "${OWNER[@]}" call customers.get "{\"id\":\"$ID\"}" | json_field "['phone'], v['address']['city']")"
on_b="$("$CLI" "${B[@]}" "${OWNER[@]}" call customers.get "{\"id\":\"$ID\"}" | json_field "['phone'], v['address']['city']")"
[[ "$on_a" == "$on_b" && "$on_a" == "('138 0000 0001', '杭州')" ]] || die "concurrent edits: A has $on_a, B has $on_b"
ok "concurrent edits of two fields on A and B merge to the same record on both"

# Many changes, then kill -9 the relay while A pushes them.
python3 - "$WORK/many.csv" <<'EOF'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("name,email,city\n")
    for i in range(3000):
        f.write(f"批量客户 {i},bulk{i}@example.com,上海\n")
EOF
"$CLI" "${A[@]}" "${OWNER[@]}" import customers "$WORK/many.csv" >/dev/null || die "import on A"
"$CLI" "${A[@]}" "${OWNER[@]}" sync >"$WORK/interrupted.json" 2>"$WORK/interrupted.err" &
sync_pid=$!
sleep 0.4
kill -9 "$relay_pid"
relay_pid=""
if wait "$sync_pid"; then
  echo "  (the push finished before the kill)"
else
  echo "  (the push was cut off: $(head -c 200 "$WORK/interrupted.err" | tr '\n' ' '))"
fi
start_relay
"$CLI" "${A[@]}" "${OWNER[@]}" sync >/dev/null || die "A did not resume after the relay restarted"
pending="$("$CLI" "${A[@]}" sync status | json_field "['pending']")"
[[ "$pending" == 0 ]] || die "A still has $pending changes to send"
"$CLI" "${B[@]}" "${OWNER[@]}" sync >/dev/null || die "B did not resume"
total="$("$CLI" "${B[@]}" "${OWNER[@]}" call customers.list '{"status":"all","limit":1}' | json_field "['total']")"
[[ "$total" == 3001 ]] || die "B has $total customers, not 3001: changes were lost"
ok "kill -9 of the relay during a push loses nothing; both devices resume (B has all 3001)"

# B keeps syncing: the relay's live feed tells it when A pushed, without waiting for a timer.
"$CLI" "${B[@]}" "${OWNER[@]}" sync watch >"$WORK/watch.out" 2>"$WORK/watch.err" &
watch_pid=$!
trap 'kill "$watch_pid" 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 1 100); do [[ -s "$WORK/watch.out" ]] && break; sleep 0.1; done
ID2="$("$CLI" "${A[@]}" "${OWNER[@]}" call customers.create '{"name":"实时客户"}' | json_field "['id']")"
"$CLI" "${A[@]}" "${OWNER[@]}" sync >/dev/null || die "A's sync failed"
seen=""
for _ in $(seq 1 100); do
  if "$CLI" "${B[@]}" "${OWNER[@]}" call customers.get "{\"id\":\"$ID2\"}" >/dev/null 2>&1; then seen=yes; break; fi
  sleep 0.1
done
kill "$watch_pid" 2>/dev/null || true
[[ -n "$seen" ]] || die "B's sync watch did not bring A's new customer within 10 s ($(tr '\n' ' ' <"$WORK/watch.err"))"
ok "with sync watch, B has A's new customer moments after A pushed (live feed)"

# A JavaScript Automerge client (npm @automerge/automerge) reads the customer's document exported
# from A and writes a change; A applies it (checked like an edit) and it reaches B by sync.
"$CLI" "${A[@]}" "${OWNER[@]}" call customers.documents.export "{\"id\":\"$ID2\"}" >"$WORK/doc.json" \
  || die "A could not export the document"
read_by_js="$(node "$ROOT/e2e/interop.mjs" "$WORK/doc.json" "$WORK/changes.json")" || die "the JS client failed"
[[ "$(json_field "['name']" <<<"$read_by_js")" == "实时客户" ]] || die "the JS client read $read_by_js"
CHANGES="$(json_field "['changes']" <"$WORK/changes.json")"
"$CLI" "${A[@]}" "${OWNER[@]}" call customers.documents.apply "{\"id\":\"$ID2\",\"changes\":\"$CHANGES\"}" >/dev/null \
  || die "A refused the JS client's change"
"$CLI" "${A[@]}" "${OWNER[@]}" sync >/dev/null || die "A's sync failed"
"$CLI" "${B[@]}" "${OWNER[@]}" sync >/dev/null || die "B's sync failed"
on_b="$("$CLI" "${B[@]}" "${OWNER[@]}" call customers.get "{\"id\":\"$ID2\"}" | json_field "['phone'], v['tags']")"
[[ "$on_b" == "('13912345678', ['来自手机'])" ]] || die "B has $on_b after the JS client's change"
ok "a JS Automerge client reads a document from A and its change, applied on A, reaches B"

# A third device joins by pairing code instead of the typed key: A shows the code and waits.
C=(--data-dir "$WORK/c")
"$CLI" "${A[@]}" "${OWNER[@]}" sync pair >"$WORK/pair.out" 2>"$WORK/pair.err" &
pair_pid=$!
for _ in $(seq 1 100); do [[ -s "$WORK/pair.out" ]] && break; sleep 0.1; done
CODE="$(head -n 1 "$WORK/pair.out" | json_field "['code']")" || die "A showed no pairing code ($(cat "$WORK/pair.err"))"
"$CLI" "${C[@]}" sync connect --relay "$URL" --email shop@example.com --pairing-code "$CODE" \
  --device-name tablet >/dev/null 2>"$WORK/pair-c.err" || die "C could not join by code: $(cat "$WORK/pair-c.err")"
wait "$pair_pid" || die "A's pairing did not finish: $(cat "$WORK/pair.err")"
"$CLI" "${C[@]}" sync >/dev/null || die "C's first sync failed"
on_c="$("$CLI" "${C[@]}" "${OWNER[@]}" call customers.get "{\"id\":\"$ID2\"}" | json_field "['phone']")"
[[ "$on_c" == "13912345678" ]] || die "C, paired by code, reads '$on_c'"
ok "a third device joins by the pairing code A shows, and reads the company's data"

echo "$passed passed, $failed failed"
rm -rf "$WORK"

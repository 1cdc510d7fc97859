#!/usr/bin/env bash
# A local Amazon Cognito user pool for tests and demos: ministack (PyPI), only
# its cognito-idp service, only on 127.0.0.1. See tools/ministack.md.
#
#   tools/ministack.sh install             install into tools/.venv if needed (pinned versions)
#   tools/ministack.sh start               install into tools/.venv if needed, start, wait
#   tools/ministack.sh provision [FILE]    create a user pool and an app client; print their
#                                          ids as JSON; with FILE, write a hosted-page config
#   tools/ministack.sh admin ACTION JSON   one admin call (SigV4-signed), e.g.
#                                          admin SetUserPoolMfaConfig '{"UserPoolId": ..., "MfaConfiguration": "OPTIONAL"}'
#   tools/ministack.sh reset               forget every pool, user and token
#   tools/ministack.sh stop                stop the emulator this script started
#   tools/ministack.sh status              say whether it answers
#
# Environment: MINISTACK_PORT (4566), MINISTACK_REGION (us-east-1),
# PAGE_ORIGIN (http://127.0.0.1:8080, for the callback and logout URLs),
# TOKEN_VALIDITY_SECONDS (provision: access and ID token lifetime; default 1 h).
set -euo pipefail

MINISTACK_VERSION=1.5.33
CRYPTOGRAPHY_VERSION=50.0.2

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VENV="$HERE/.venv"
RUN="$VENV/run"
PORT="${MINISTACK_PORT:-4566}"
REGION="${MINISTACK_REGION:-us-east-1}"
ORIGIN="${PAGE_ORIGIN:-http://127.0.0.1:8080}"
TOKEN_VALIDITY="${TOKEN_VALIDITY_SECONDS:-}"
URL="http://127.0.0.1:$PORT"
PIDFILE="$RUN/started-$PORT.pid"  # ministack writes its own ministack-$PORT.pid there too
LOG="$RUN/ministack-$PORT.log"

die() { echo "ministack.sh: $*" >&2; exit 1; }

answers() { curl -fsS -o /dev/null --max-time 2 "$URL/_ministack/health" 2>/dev/null; }

ensure_venv() {
  if [ -x "$VENV/bin/ministack" ] &&
     "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(0 if m.version('ministack') == '$MINISTACK_VERSION' and m.version('cryptography') == '$CRYPTOGRAPHY_VERSION' else 1)" 2>/dev/null; then
    return
  fi
  command -v python3 >/dev/null || die "python3 is needed"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "ministack==$MINISTACK_VERSION" "cryptography==$CRYPTOGRAPHY_VERSION"
}

start() {
  ensure_venv
  mkdir -p "$RUN"
  if answers; then
    echo "ministack already answers on $URL"
    return
  fi
  # BIND_HOST: loopback only (the default is every interface).
  # IOT_MTLS_ENABLED=0: no second listener on 8883.
  # AUTH=true: codes, access tokens and revocation are checked as in Cognito;
  # admin calls need SigV4 (key test / secret test).
  # TMPDIR, STATE_DIR: its pid and key files stay under tools/.venv/run.
  (
    cd "$RUN"
    BIND_HOST=127.0.0.1 GATEWAY_PORT="$PORT" SERVICES=cognito-idp IOT_MTLS_ENABLED=0 AUTH=true \
      TMPDIR="$RUN" STATE_DIR="$RUN/state" setsid "$VENV/bin/ministack" >"$LOG" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
  )
  for _ in $(seq 1 100); do
    if answers; then
      echo "ministack $MINISTACK_VERSION answers on $URL (pid $(cat "$PIDFILE"), log $LOG)"
      return
    fi
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      cat "$LOG" >&2
      die "ministack exited before answering"
    fi
    sleep 0.2
  done
  die "ministack did not answer on $URL within 20 s (log: $LOG)"
}

stop() {
  if [ ! -f "$PIDFILE" ]; then
    echo "no ministack started by this script on port $PORT"
    return
  fi
  local pid
  pid=$(cat "$PIDFILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$PIDFILE"
  echo "ministack stopped"
}

# An admin call, signed with SigV4 as the emulator expects under AUTH=true.
admin() {
  local action=$1 body=$2
  curl -fsS "$URL/" \
    --aws-sigv4 "aws:amz:$REGION:cognito-idp" --user test:test \
    -H "X-Amz-Target: AWSCognitoIdentityProviderService.$action" \
    -H "Content-Type: application/x-amz-json-1.1" \
    --data "$body"
}

json_get() { "$VENV/bin/python" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

provision() {
  local out=${1:-} validity=""
  if [ -n "$TOKEN_VALIDITY" ] && ! [[ "$TOKEN_VALIDITY" =~ ^[1-9][0-9]*$ ]]; then
    die "TOKEN_VALIDITY_SECONDS must be a positive integer"
  fi
  answers || die "ministack does not answer on $URL: run '$0 start' first"
  local pool pool_id client client_id
  pool=$(admin CreateUserPool '{
    "PoolName": "lha-local",
    "Policies": {"PasswordPolicy": {"MinimumLength": 8, "RequireUppercase": true,
      "RequireLowercase": true, "RequireNumbers": true, "RequireSymbols": true}},
    "AutoVerifiedAttributes": ["email"],
    "MfaConfiguration": "OFF"
  }')
  pool_id=$(echo "$pool" | json_get 'd["UserPool"]["Id"]')
  if [ -n "$TOKEN_VALIDITY" ]; then
    validity="\"AccessTokenValidity\": $TOKEN_VALIDITY, \"IdTokenValidity\": $TOKEN_VALIDITY,
    \"TokenValidityUnits\": {\"AccessToken\": \"seconds\", \"IdToken\": \"seconds\"},"
  fi
  client=$(admin CreateUserPoolClient "{
    $validity
    \"UserPoolId\": \"$pool_id\",
    \"ClientName\": \"lha-spa\",
    \"GenerateSecret\": false,
    \"ExplicitAuthFlows\": [\"ALLOW_USER_SRP_AUTH\", \"ALLOW_USER_PASSWORD_AUTH\", \"ALLOW_REFRESH_TOKEN_AUTH\"],
    \"SupportedIdentityProviders\": [\"COGNITO\"],
    \"CallbackURLs\": [\"$ORIGIN/callback\"],
    \"LogoutURLs\": [\"$ORIGIN/\"],
    \"AllowedOAuthFlows\": [\"code\"],
    \"AllowedOAuthScopes\": [\"openid\", \"email\", \"profile\"],
    \"AllowedOAuthFlowsUserPoolClient\": true,
    \"PreventUserExistenceErrors\": \"ENABLED\",
    \"EnableTokenRevocation\": true
  }")
  client_id=$(echo "$client" | json_get 'd["UserPoolClient"]["ClientId"]')
  if [ -n "$out" ]; then
    cat >"$out" <<EOF
{
  "cognito": {
    "region": "$REGION",
    "user_pool_id": "$pool_id",
    "domain": "$URL",
    "endpoint": "$URL"
  },
  "client_id": "$client_id",
  "redirect_uri": "/callback",
  "post_logout_redirect_uri": "/",
  "scopes": ["openid", "email", "profile"],
  "storage": "session"
}
EOF
  fi
  printf '{"region":"%s","user_pool_id":"%s","client_id":"%s","endpoint":"%s"}\n' \
    "$REGION" "$pool_id" "$client_id" "$URL"
}

reset() {
  answers || die "ministack does not answer on $URL"
  curl -fsS -X POST "$URL/_ministack/reset" >/dev/null
  echo "ministack state reset"
}

status() {
  if answers; then echo "ministack answers on $URL"; else echo "ministack does not answer on $URL"; return 1; fi
}

case "${1:-}" in
  install) ensure_venv ;;
  start) start ;;
  stop) stop ;;
  provision) provision "${2:-}" ;;
  admin)
    [ $# -eq 3 ] || die "usage: $0 admin ACTION JSON"
    [[ "$2" =~ ^[A-Za-z]+$ ]] || die "ACTION must be an API action name such as AdminCreateUser"
    answers || die "ministack does not answer on $URL"
    admin "$2" "$3"
    echo
    ;;
  reset) reset ;;
  status) status ;;
  *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

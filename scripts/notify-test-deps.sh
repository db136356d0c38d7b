#!/usr/bin/env bash
# Makes the Python environment the notification tests use — aiosmtpd (a real SMTP server,
# scripts/smtp_sink.py) and standardwebhooks (the reference Standard Webhooks verifier) — and
# prints its python's path on the last line.
#
#   export LONGHAND_TEST_PYTHON=$(scripts/notify-test-deps.sh | tail -n 1)
#
# The virtualenv lives in .venv-notify (ignored by git) and is rebuilt when its check fails.
set -euo pipefail
cd "$(dirname "$0")/.."

AIOSMTPD_VERSION=1.4.6
STANDARDWEBHOOKS_VERSION=1.0.0
venv=.venv-notify
check="import aiosmtpd, standardwebhooks; assert aiosmtpd.__version__ == '$AIOSMTPD_VERSION'"

if ! "$venv/bin/python" -c "$check" 2>/dev/null; then
  echo "installing aiosmtpd $AIOSMTPD_VERSION and standardwebhooks $STANDARDWEBHOOKS_VERSION into $venv" >&2
  # --clear: a venv left by a checkout that has since moved has scripts pointing at the old
  # path; build it afresh rather than half-reuse it.
  python3 -m venv --clear "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "aiosmtpd==$AIOSMTPD_VERSION" "standardwebhooks==$STANDARDWEBHOOKS_VERSION" >&2
  "$venv/bin/python" -c "$check"
fi
echo "$(pwd)/$venv/bin/python"

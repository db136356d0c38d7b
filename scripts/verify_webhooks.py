#!/usr/bin/env python3
"""Verifies webhook requests with the reference Standard Webhooks library (`standardwebhooks`),
independently of Longhand's own signing code. Reads a JSON list of requests from stdin —
[{"headers": {...}, "body": "..."}] — and verifies each with SECRET; prints each payload's
`type` and exits non-zero on the first that does not verify.

    python verify_webhooks.py SECRET [NOW]

NOW (unix seconds) is the instant the timestamp tolerance (5 minutes) is checked against;
tests on a fake clock pass theirs. Run it with the python of scripts/notify-test-deps.sh.
"""

import json
import sys
from datetime import datetime, timezone

from standardwebhooks import webhooks


def freeze(now):
    frozen = datetime.fromtimestamp(now, tz=timezone.utc)

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return frozen

    webhooks.datetime = FrozenDatetime


def main():
    secret = sys.argv[1]
    if len(sys.argv) > 2:
        freeze(float(sys.argv[2]))
    hook = webhooks.Webhook(secret)
    requests = json.load(sys.stdin)
    for request in requests:
        try:
            payload = hook.verify(request["body"], request["headers"])
        except webhooks.WebhookVerificationError as err:
            sys.exit(f"does not verify: {err} ({request['headers'].get('webhook-id')})")
        print(payload["type"], request["headers"]["webhook-id"])
    print(f"verified {len(requests)}")


if __name__ == "__main__":
    main()

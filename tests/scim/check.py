"""Run scim2-tester against a Steward server and fail on any check that did not pass.

Usage: check.py BASE_URL TOKEN
"""

import sys

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

FAILED = {Status.ERROR, Status.CRITICAL}


def main() -> int:
    base, token = sys.argv[1], sys.argv[2]
    http = httpx2.Client(base_url=base, headers={"Authorization": f"Bearer {token}"})
    client = SyncSCIMClient(http)
    results = check_server(client)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status.name] = counts.get(r.status.name, 0) + 1
        if r.status in FAILED or "-v" in sys.argv:
            where = f"[{r.resource_type}] " if r.resource_type else ""
            print(f"{r.status.name}: {where}{r.title}: {r.reason}")
    print("scim2-tester 0.5.2:", ", ".join(f"{n} {k.lower()}" for k, n in sorted(counts.items())))
    failed = sum(1 for r in results if r.status in FAILED)
    if failed or not counts.get("SUCCESS"):
        print(f"{failed} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""An off-the-shelf OData v4 client (PyPI python-odata) loads Steward's $metadata and uses the API.

Run by scripts/test against a server it starts: python check.py BASE_URL TOKEN
"""
import json
import sys
import urllib.request

import requests
from odata import ODataService

base, token = sys.argv[1], sys.argv[2]
auth = {"Authorization": f"Bearer {token}"}
session = requests.Session()
session.headers.update(auth)  # the client fetches $metadata through the session alone
service = ODataService(base, reflect_entities=True, session=session, quiet_progress=True)
sets = sorted(service.entities.keys())
with urllib.request.urlopen(urllib.request.Request(base, headers=auth)) as answer:
    served = json.load(answer)["value"]
assert len(sets) == len(served) >= 33, f"the server lists {len(served)} entity sets, the client reflected {len(sets)}"

Person = service.entities["persons"]
admin = service.query(Person).filter(Person.name == "Steward Administrator").first()
assert admin is not None, "the client could not read the administrator back through $filter"

System = service.entities["it_systems"]
system = System()
system.name = "Reflected by python-odata"
ImpactLevel = service.types["Steward.ImpactLevel"]
system.confidentiality_impact = ImpactLevel.moderate
service.save(system)
found = service.query(System).filter(System.name == "Reflected by python-odata").first()
assert found is not None and found.security_category == ImpactLevel.moderate, "create and read back failed"
print(f"1 passed, 0 failed: python-odata reflected {len(sets)} entity sets, filtered, created and read back")

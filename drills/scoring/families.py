"""Topic families: words that name the same part of the world without being synonyms.

A benefit told as a story rarely shares a word with its message, but it is about the same
things: "the kidney panel comes off the machine" is about the analyser's results, "the
regulator's visitor" about the inspection, "a cheque from the taxman" about duty paid.
The synonym groups of the normaliser (drills/text_normalize.py) hold only words a
reviewer would swap in a claim; these families are looser, and are used for one thing:
to tell which message a story of one kind of benefit is about when several claim that
kind, or when a common phrase needs its topic named (drills/scoring/outcome_signal.py).
A family shared is weaker evidence than a word shared.

Each family is general English for one field of business life, not any playbook's
wording.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from drills.text_normalize import canonical

_FAMILIES: tuple[tuple[str, ...], ...] = (
    # money changing hands
    ("money", "cash", "pound", "pence", "penny", "dollar", "cent", "euro", "quid", "grand",
     "cheque", "check", "revenue", "income", "refund", "rebate", "duty", "tax", "taxman",
     "vat", "excess", "fee", "charge", "cost", "price", "bill", "invoice", "payment", "pay",
     "paid", "budget", "spend", "overpaid", "overcharged", "surcharge"),
    # paperwork and records
    ("record", "records", "file", "files", "chart", "history", "notes", "note", "log",
     "logbook", "register", "ledger", "book", "paperwork", "form", "forms", "document",
     "documents", "entry", "entries", "printout", "spreadsheet", "handwriting", "folder",
     "declaration", "declarations", "report", "reports", "trail", "audit trail"),
    # putting words into a system by hand
    ("type", "typing", "retype", "retyping", "key", "keying", "rekey", "copy", "copying",
     "write", "writing", "written", "enter", "entering", "transcribe", "jot", "scribble",
     "pen", "dictate", "dictation", "input", "data entry"),
    # readings a device or test gives
    ("result", "results", "reading", "readings", "value", "values", "figure", "figures",
     "level", "levels", "measurement", "measurements", "sample", "samples", "panel",
     "test", "tests", "blood", "bloodwork", "lab", "labs", "consumption", "usage", "meter",
     "meters"),
    # equipment
    ("machine", "machines", "analyser", "analyzer", "device", "devices", "instrument",
     "equipment", "scanner", "sensor", "sensors", "camera", "kit", "printer", "hardware",
     "terminal", "tablet", "till", "tills"),
    # people who check on a business
    ("inspection", "inspections", "inspector", "inspectors", "regulator", "regulators",
     "auditor", "auditors", "audit", "audits", "compliance", "examiner", "assessor",
     "visitor", "certification", "certified", "hmrc", "irs"),
    # insurance
    ("insurance", "insurer", "insurers", "underwriter", "underwriters", "policy",
     "policies", "premium", "premiums", "claim", "claims", "policyholder", "cover"),
    # asking someone to come back, or telling them
    ("call", "calls", "ring", "rang", "phone", "email", "emails", "text", "texts", "message",
     "messages", "letter", "letters", "reminder", "reminders", "remind", "ping", "buzz",
     "notification", "alert", "alerts", "nudge", "postcard", "postcards", "chase",
     "chasing"),
    # goods on the move
    ("container", "containers", "shipment", "shipments", "consignment", "consignments",
     "cargo", "freight", "load", "loads", "pallet", "pallets", "goods", "parcel", "parcels",
     "delivery", "deliveries", "order", "orders", "box", "boxes", "lorry", "truck",
     "haulier", "import", "imports", "imported", "importer"),
    # where goods wait
    ("port", "dock", "docks", "quay", "terminal", "warehouse", "depot", "yard", "storage",
     "harbour", "border", "customs", "berth", "mooring", "moored", "jetty", "pier",
     "wharf", "bollard", "marina"),
    # medicine and care
    ("vaccine", "vaccines", "vaccination", "vaccinations", "jab", "jabs", "shot", "shots",
     "booster", "boosters", "injection", "injections", "immunisation", "dose", "doses",
     "drug", "drugs", "medicine", "medicines", "prescription", "prescriptions",
     "painkiller", "painkillers"),
    # a visit to a professional
    ("appointment", "appointments", "visit", "visits", "consult", "consults",
     "consultation", "consultations", "session", "sessions", "slot", "slots", "booking",
     "bookings"),
    # energy
    ("electricity", "power", "energy", "kilowatt", "kwh", "grid", "lights", "heating",
     "hvac", "chiller", "chillers", "boiler", "air conditioning"),
    # classifying goods
    ("code", "codes", "classification", "classified", "classify", "tariff", "tariffs",
     "category", "categories", "commodity"),
    # connecting systems
    ("system", "systems", "software", "platform", "integration", "connector",
     "connectors", "api", "apis", "plug", "plugs"),
    # how much someone may take or use
    ("quota", "quotas", "allowance", "allowances", "allocation", "allocations", "limit",
     "limits", "cap", "caps", "ceiling", "ceilings", "entitlement", "allowed", "threshold",
     "thresholds"),
    # signals that something is wrong, sounded or flashed
    ("alarm", "alarms", "siren", "sirens", "horn", "klaxon", "buzzer", "beacon", "beacons",
     "alert", "alerts", "warning", "warnings", "flare", "flares", "sos", "mayday"),
    # vehicles and roads, and who rides on them
    ("vehicle", "vehicles", "van", "vans", "car", "cars", "driver", "drivers", "fleet",
     "road", "roads", "route", "routes", "mile", "miles", "coach", "coaches", "bus",
     "buses", "escort", "escorts", "chaperone", "chaperones", "crew"),
    # checks on the people who do a job
    ("vetting", "vetted", "background check", "certificate", "certificates", "licence",
     "licences", "license", "licenses", "permit", "permits", "expired", "expiry", "lapsed",
     "lapse", "dbs", "clearance", "credential", "credentials", "qualification",
     "qualifications"),
)  # fmt: skip


@lru_cache(maxsize=1)
def _index() -> dict[str, frozenset[int]]:
    index: dict[str, set[int]] = {}
    for f, family in enumerate(_FAMILIES):
        for word in family:
            for key in {canonical(w) for w in word.split()}:
                index.setdefault(key, set()).add(f)
    return {k: frozenset(v) for k, v in index.items()}


def families(keys: Iterable[str]) -> frozenset[int]:
    """The topic families the normalised keys name."""
    index = _index()
    out: set[int] = set()
    for k in keys:
        out.update(index.get(k, ()))
    return frozenset(out)

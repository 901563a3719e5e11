"""The loop both units probes share: score each sentence against its spec, list the
misjudged ones (all of them with -v) and return how many were misjudged."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from drills.scoring import ScoringSpec, score_transcript
from drills.transcript import Transcript


def run_probe(spec: ScoringSpec, cases: Sequence[tuple[str, str, bool]]) -> int:
    """Print each misjudged (message, sentence, conveyed?) case, or every case with -v."""
    bad = 0
    for mid, text, want in cases:
        r = score_transcript(spec, Transcript.from_text(text), semantic=False)
        m = next(x for x in r.messages if x.id == mid)
        ok = m.covered == want
        bad += not ok
        if not ok or "-v" in sys.argv:
            signals = {k: round(v, 2) for k, v in m.signals.items() if v}
            print(f"{'BAD' if not ok else 'ok '} {mid} got {m.covered} ({m.confidence:.2f}) "
                  f"want {want} | {text}", signals)
    return bad

"""The figure signal: one of the message's own figures said as the rep's claim.

A message's figures ("40% more claims", "under 15 minutes", "three times more fraud")
are the most specific thing it claims, and a paraphrase that keeps the figure but few
of the statement's words ("every adjuster carries forty per cent more claims since the
paperwork is pre-filled") is still that claim. `figure` is 1 where a clause says one of
the message's own figures (one no other message of the module states), in its kind (a
share, a length of time, a plain number), in a sentence that names something else of
the message, says no other figure of a kind the message states ("from ten days to
seven", "up from 10% last year"), and that nothing denies, asks, hedges or attributes
("customers say demand charges came down by 20%, but don't count on that"). A figure
alone ("15 minutes sounds ambitious") is not enough. Figures are normalised before:
fractions, ratios, lengths of time and the playbook's bounds (text_normalize,
coverage._within_bounds). It is evidence the coverage model weighs with the others.
"""

from __future__ import annotations

from collections.abc import Sequence

from drills.scoring.clauses import _Text
from drills.scoring.compiled import _PERIOD_KEYS, _Compiled
from drills.scoring.coverage import _Signals
from drills.text_normalize import canonical

# the words of a figure's unit name no message: "15 minutes" is all figure
_MEASURES = _PERIOD_KEYS | {canonical("percent")}


def figure_signals(compiled: _Compiled, text: _Text, signals: Sequence[_Signals]) -> None:
    """Set each message's `figure` signal."""
    points = compiled.points
    if not points or not text.toks or not any(p.figures for p in points):
        return
    said = text.figures
    if not any(said):
        return
    st = text.structure
    framed = st.framed or (False,) * len(text.toks)
    # whose figure each (figure, kind) is: only one message's, or none
    owner: dict[tuple[str, str], int] = {}
    for i, p in enumerate(points):
        for f in p.figures:
            owner[f] = i if f not in owner else -1
    sentence = st.sentence or (0,) * len(text.toks)
    members: dict[int, list[int]] = {}  # the tokens of each sentence
    for i, k in enumerate(sentence):
        members.setdefault(k, []).append(i)
    for cs, ce, kind in st.clauses:
        if kind == "question":
            continue
        here = {fig for i in range(cs, ce)
                if (fig := said[i]) is not None and not st.negated[i]}
        if not here:
            continue
        # the rep's own claim: nothing in its sentence denies, hedges or attributes it
        # ("customers say demand charges came down by 20%, but don't count on that")
        ss = members[sentence[cs]]
        if any(st.negated[i] or framed[i] for i in ss):
            continue
        words = {text.keys[i] for i in ss if text.keys[i] and not text.keys[i][:1].isdigit()
                 } - _MEASURES
        for i, p in enumerate(points):
            mine = {f for f in here if owner.get(f) == i}
            if not mine:
                continue
            kinds = {k for _, k in p.figures}
            if any(f is not None and f[1] in kinds and f not in p.figures
                   for f in (said[j] for j in ss)):
                continue  # "from 10 days to 7": another figure of a kind it states
            # with a word of the message in its sentence, it is the message's figure
            if words & p.vocabulary:
                signals[i].figure = 1.0

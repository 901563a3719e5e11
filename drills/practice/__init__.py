"""Daily drill practice, one concern a module:

- `settings`: the organisation's retention target and daily limits;
- `builds`: the drills of each published version of a module, built once;
- `alignment`: a rep's cards aligned with what is launched to them (`sync_rep`);
- `cards`: a rep's card with its drill, and the state an answer must echo;
- `day_stats`: what the rep did each day (streak, new cards started today);
- `queue`: the due queue and its counts;
- `answering`: answering a card exactly once (judged, rescheduled, logged);
- `views`: what a client may see of a card.
"""

"""Figures said in other units or forms are judged as the message's figure, and a near
figure (another length, share, rate or a vague amount) in its place is judged missed."""

from __future__ import annotations

import pytest

from drills.scoring import PointSpec, ScoringSpec, score_transcript
from drills.transcript import Transcript

POINTS = (
    PointSpec(id="restore", statement="Any lost file is restored in under 15 minutes.",
              keywords=("restore",)),
    PointSpec(id="settle", statement="Every claim is settled within five working days.",
              keywords=("claim", "settled")),
    PointSpec(id="answer", statement="Every applicant gets an answer within two working days.",
              keywords=("answer", "applicant")),
    PointSpec(id="nurse", statement="Voice charting saves each nurse an hour a day.",
              keywords=("charting", "nurse")),
    PointSpec(id="call", statement="A technician calls back within 45 minutes.",
              keywords=("technician", "call back")),
    PointSpec(id="fees", statement="Card fees drop to 0.5% of each sale.", keywords=("card fees",)),
    PointSpec(id="faster", statement="Quotes go out 1.5 times faster.", keywords=("quotes",)),
    PointSpec(id="leads", statement="Reps follow up three times as many leads.",
              keywords=("leads", "follow up")),
    PointSpec(id="bookings", statement="Reminders bring back a quarter more bookings.",
              keywords=("reminders", "bookings")),
    PointSpec(id="stops", statement="Each driver handles 12 more stops a day.",
              keywords=("driver", "stops")),
    PointSpec(id="uptime", statement="The platform runs at 99.9% uptime.", keywords=("uptime",)),
    PointSpec(id="fee", statement="A flat fee of 45 pounds per entry.", keywords=("fee", "entry")),
    PointSpec(id="ship", statement="Orders ship within 24 hours.", keywords=("orders", "ship")),
    PointSpec(id="delay", statement="Alarms fire with no more than a 20-second delay.",
              keywords=("alarm",)),
)
SPEC = ScoringSpec(module="m", version=1, pitch=None, points=POINTS, forbidden=(), retired=())


def covered(point: str, text: str) -> bool:
    result = score_transcript(SPEC, Transcript.from_text(text), semantic=False)
    return next(m for m in result.messages if m.id == point).covered


@pytest.mark.parametrize(
    ("point", "said", "near_miss"),
    [
        ("restore", "a deleted file comes back in ten or twelve minutes",
         "restoring a lost file takes twenty or thirty minutes"),
        ("settle", "every claim is settled within a working week",
         "claims are settled within ten working days"),
        ("settle", "each claim gets settled within a week",
         "every claim is settled within a fortnight"),
        ("answer", "Applicants hear back inside 48 hours.",
         "every applicant gets an answer within two weeks"),
        ("nurse", "Voice charting saves every nurse about five hours a week.",
         "voice charting saves each nurse two hours a week"),
        ("nurse", "voice charting gives every nurse back seven hours a week",
         "voice charting saves each nurse an hour a week"),
        ("call", "a technician calls back within three quarters of an hour",
         "a technician calls back by the next morning"),
        ("fees", "card fees drop to half of one percent per sale",
         "card fees drop to a quarter of a percent of each sale"),
        ("faster", "Quotes go out one and a half times as fast.", "quotes go out twice as fast"),
        ("faster", "quotes go out fifty percent faster", "quotes go out a third faster"),
        ("leads", "reps chase three hundred percent of the leads they used to",
         "Reps follow up twice as many leads."),
        ("bookings", "thanks to the reminders bookings are up by a fourth",
         "Reminders bring back a few more bookings."),
        ("bookings", "Reminders bring back 25% more bookings.",
         "reminders bring back slightly more bookings"),
        ("stops", "each driver handles a dozen more stops a day",
         "each driver handles a handful more stops a day"),
        ("stops", "each driver fits in another twelve stops every day",
         "each driver handles a couple more stops a day"),
        ("uptime", "The platform is up ninety-nine point nine percent of the time.",
         "the platform is up ninety-nine percent of the time"),
        ("fee", "a flat fee of forty five quid a go for each entry",
         "a flat fee of a few hundred quid per entry"),
        ("ship", "orders ship overnight", "orders ship within a couple of days"),
        ("delay", "alarms fire with at most a twenty-second delay",
         "alarms fire with at most a thirty-second delay"),
    ],
)
def test_same_figure_another_form_and_a_near_miss(point: str, said: str, near_miss: str) -> None:
    assert covered(point, said)
    assert not covered(point, near_miss)


def test_a_date_is_no_length() -> None:
    assert not covered("delay", "alarms fire from the twenty-second of May")

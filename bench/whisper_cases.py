"""Make the real-Whisper part of the scoring evaluation (tests/drills/eval/whisper.yaml).

    .venv/bin/python bench/whisper_cases.py [--extra | --phrases | --domains]

Picks labelled cases from both parts of the evaluation set (cases.yaml: tuning,
heldout.yaml: held-out), speaks each transcript with espeak-ng (a rotation of voices and
speeds), transcribes the audio with the service's own Whisper adapter (tiny.en by
default, no vocabulary prompt: the hardest setting) and writes the Whisper text as a new
case with the same labels, in the same part as its source. The output is data: tests and
the benchmark read it without running Whisper again. Needs espeak-ng and the Whisper
model; deterministic for a given model and espeak-ng version.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.transcription import load_model, transcribe  # noqa: E402

EVAL = ROOT / "tests" / "drills" / "eval"
VOICES = ("en-us", "en-gb", "en-us+f3", "en-gb+m3", "en-us+m7", "en-gb+f4")
SPEEDS = (140, 160, 180)  # words per minute (espeak-ng -s)
PER_PART = 20
# Phrase cases are taken too (a forbidden phrase must survive Whisper's spelling).
SKIP_FAMILIES = {"exact"}

# Checked by hand after a run: where Whisper lost or garbled a claim, the label follows
# what the transcript now says (a reviewer judges the words, not the audio).
RELABEL: dict[str, tuple[dict[str, list[str]], str]] = {
    "w-h09-retired-distanced": (
        {"covered": []},
        '"per protected terabyte" heard as "protected termite"',
    ),
    "w-h25-un-hackable-asr": ({"forbidden": []}, '"unhackable" heard as "multi-month hackable"'),
    "w-t-c02": (
        {"covered": ["fewer-no-shows"]},
        'the booking sentence is garbled ("strumbers lot")',
    ),
    "w-t-c07": ({"covered": []}, 'both claims garbled ("they are died", "can\'t know shows")'),
    "w-t-f14": ({"covered": ["safety"]}, 'the uptime figure is garbled ("9 .10 % of time")'),
    "w-h-c02": ({"covered": ["self-booking"]}, "the no-show sentence is garbled"),
    "w-h-c11": ({"covered": ["ehr-sync"]}, '"HIPAA" heard as "the student part"'),
    "w-h-c14": (
        {"forbidden": ["replaces your front desk"]},
        '"eliminates no-shows" lost ("the 8 snowshows")',
    ),
    "w-h-f16": (
        {"forbidden": ["cuts your insurance premiums in half"]},
        '"spy on" heard as "can\'t pay on"',
    ),
    "w-h-f19": ({"covered": ["fuel"]}, 'Whisper inserted "not refreshing every 10 seconds"'),
    "w-h-h11": ({"forbidden": ["unhackable"]}, '"zero data loss" heard as "0 .8 at last"'),
    "w-h-h14": (
        {"covered": ["immutable"]},
        'the restore sentence lost its verb ("Forter is Tor complete")',
    ),
    "w-h-l01": (
        {"covered": ["fast-close"]},
        'the matching sentence is garbled ("takes off and climbs")',
    ),
    "w-h-l04": ({"covered": ["auto-match"]}, '"three" heard as "free"'),
}


def _pick(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    pool = [c for c in cases if (c.get("family") or "") not in SKIP_FAMILIES]
    step = max(1, len(pool) // PER_PART)
    return pool[::step][:PER_PART]


EXTRA_FILE = EVAL / "whisper-extra.yaml"
EXTRA_VOICES = ("en-gb+m3", "en-us+f4", "en-us+m7", "en-gb", "en-us+f3", "en-us")
EXTRA_SPEEDS = (150, 175, 200)  # 200 wpm: a rep who rushes
# Checked by hand after a run, as RELABEL.
RELABEL_EXTRA: dict[str, tuple[dict[str, list[str]], str]] = {
    "wx-h08-retired-reordered": (
        {"retired": ["per-device licensing"]},
        '"restores are ten times faster" heard as "our store\'s not ten times faster"',
    ),
    "wx-t-f20": ({"covered": []}, '"they had none in May" heard as "they have done in May"'),
    "wx-p1-09": ({"covered": []}, '"three days" heard as "free May\'s"'),
    "wx-pp-26": ({"forbidden": []}, '"It replaces your accountants" heard as "Congratulations"'),
    "wx-o-d03": ({"covered": ["one-console"]}, '"the invoice stayed the same" heard as "been '
                 'voiced in the same"'),
    "wx-o-d10": ({"retired": []}, '"DeskPilot Basic is still there" heard as "best pilot '
                 'music is still near"'),
    "wx-o-h03": ({"covered": ["fast-restore"]}, '"found nothing they could lock up" heard as '
                 '"found us in make -a -lock -up"'),
    "wx-n-c01": ({"covered": ["fewer-no-shows", "self-booking"]}, '"within a fortnight of '
                 'signing" heard as "within a four -time signing"'),
    "wx-p1-07": ({"covered": []}, '"nobody types patient data twice" heard as "no money '
                 'type station today"'),
}


# The tuning cases spoken for whisper-extra.yaml, in order (each keeps its voice and
# speed by position, so a rerun gives the same file): a sample of the tuning part, then
# the fifth playbook's cases and outcome stories.
EXTRA_SOURCES = (
    "l03-negated-and-doubt", "l14-soc2-trap", "l25-forbidden-negated",
    "h08-retired-reordered", "h21-compliance-full", "t-c04", "t-c15", "t-f08", "t-f20",
    "t-h10", "t-l07", "t-trap08", "p1-09", "p1-18", "p2-27", "p2-36", "p2-45", "p3-54",
    "p4-63", "p4-72", "pp-08", "pp-17", "pp-26", "p5-04",
    "o-d01", "o-d03", "o-d05", "o-d07", "o-d09", "o-d10", "o-c01", "o-h01", "o-h03",
    "o-l01", "o-l03", "n-d01", "n-d02", "n-d04", "n-d06", "n-d08", "n-d09", "n-f01",
    "n-h01", "n-c01",
    # framing, traps and clause-scoped negation, where a word lost to the ASR matters most
    "l04-keyword-trap-question", "l21-not-true-that", "l29-audit-trap",
    "h14-terabyte-negated", "h23-question-trap", "t-c05", "t-c18", "t-f07", "t-h08",
    "t-l06", "t-trap02", "t-trap05", "p1-01", "p1-04", "p1-07", "p1-16", "p1-21", "p2-42",
)


def _spoken_case(model: Any, case: dict[str, Any], voice: str, speed: int, *, new_id: str,
                 split: str, relabel: dict[str, tuple[dict[str, Any], str]]) -> dict[str, Any]:
    """`case` spoken by espeak-ng in `voice` at `speed` wpm and transcribed by Whisper: a
    whisper-family case with the source's labels, corrected where `relabel` says so."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "take.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav),
                        " ".join(case["transcript"].split())], check=True)
        t = transcribe(wav, model=model)
    new: dict[str, Any] = {
        "id": new_id, "source": case["id"], "split": split, "playbook": case["playbook"],
        "pitch": case.get("pitch"), "family": "whisper", "source_family": case.get("family"),
        "voice": voice, "speed_wpm": speed, "transcript": t.text,
        "covered": list(case.get("covered") or []),
    }
    for key in ("forbidden", "retired"):
        if case.get(key):
            new[key] = list(case[key])
    if new_id in relabel:
        change, why = relabel[new_id]
        for key, value in change.items():
            if value or key == "covered":
                new[key] = value
            else:
                new.pop(key, None)
        new["relabelled"] = why
    return new


def _tuning_sources() -> list[dict[str, Any]]:
    """The typed tuning cases (cases.yaml) the spoken sets are made from."""
    return list(yaml.safe_load((EVAL / "cases.yaml").read_text())["cases"])


def _spoken_in_rotation(model: Any, sources: list[dict[str, Any]], prefix: str,
                        relabel: dict[str, tuple[dict[str, list[str]], str]]
                        ) -> list[dict[str, Any]]:
    """Each source spoken once, the --extra voices and speeds taken in turn."""
    out = []
    for k, case in enumerate(sources):
        voice, speed = EXTRA_VOICES[k % len(EXTRA_VOICES)], EXTRA_SPEEDS[k % len(EXTRA_SPEEDS)]
        out.append(_spoken_case(model, case, voice, speed, new_id=f"{prefix}{case['id']}",
                                split="tuning", relabel=relabel))
        print(f"{out[-1]['id']} [{voice} {speed}]: {out[-1]['transcript']}", flush=True)
    return out


def _write_cases(path: Path, header: str, cases: list[dict[str, Any]]) -> None:
    text = yaml.safe_dump({"cases": cases}, sort_keys=False, width=90, allow_unicode=True)
    path.write_text(header + text)


def extra() -> None:
    """More real-Whisper tuning cases (whisper-extra.yaml): tuning cases that
    whisper.yaml does not speak, in other voices and faster, so run-on ASR text is tuned
    on more than 20 cases. The held-out part gets none (it is not tuned on)."""
    by_id = {c["id"]: c for c in _tuning_sources()}
    out = _spoken_in_rotation(load_model(), [by_id[s] for s in EXTRA_SOURCES], "wx-",
                              RELABEL_EXTRA)
    header = (
        "# Generated by bench/whisper_cases.py --extra: more tuning cases spoken by\n"
        "# espeak-ng (other voices, up to 200 wpm) and transcribed by real Whisper (tiny.en).\n"
        "# Labels are the source case's, corrected by hand where Whisper lost the words\n"
        "# (`relabelled`, RELABEL_EXTRA).\n"
    )
    _write_cases(EXTRA_FILE, header, out)


PHRASES_FILE = EVAL / "whisper-phrases.yaml"
# Each phrase case twice: a voice and speed from each list, paired by position. Sources
# [ACCENTED_FROM, ACCENTED_TO) (the third playbook and the framing cases) rotate
# regional accents, the others PHRASE_TAKES.
PHRASE_TAKES = (
    (("en-us", 150), ("en-gb+m3", 185)),
    (("en-gb", 170), ("en-us+f3", 140)),
    (("en-us+m7", 200), ("en-gb+f4", 160)),
)
ACCENT_TAKES = (
    (("en-gb-scotland", 160), ("en-029", 175)),
    (("en-us-nyc", 185), ("en-gb-x-rp", 150)),
    (("en-gb-x-gbclan", 170), ("en-us+f4", 195)),
)
ACCENTED_FROM, ACCENTED_TO = 60, 96
# Checked by hand after a run, as RELABEL: where Whisper lost the phrase's words.
RELABEL_PHRASES: dict[str, tuple[dict[str, list[str]], str]] = {
    "wp-ph-v02-0": ({"forbidden": []}, '"bulletproof" heard as "will improve"'),
    "wp-ph-v09-0": ({"retired": []}, '"Vaultline Pro" heard as "multi -pro"'),
    "wp-ph-v09-1": ({"retired": []}, '"Vaultline Pro" heard as "multi -pro"'),
    "wp-ph-v10-0": ({"retired": []}, '"per-terabyte pricing" heard as "pyramid pricing"'),
    "wp-ph-v10-1": ({"retired": []}, '"per-terabyte pricing" heard as "to minimize pricing"'),
    "wp-ph-v12-0": ({"retired": []}, '"the Starter plan" heard as "must harder plan"'),
    "wp-ph-v12-1": ({"retired": []}, 'the sentence is garbled ("must start to plan it more '
                    'than it are")'),
    "wp-ph-v13-0": ({"retired": []}, '"Vaultline Pro" heard as "my old time pro"'),
    "wp-ph-v13-1": ({"retired": []}, '"Vaultline Pro" heard as "multi -pro"'),
    "wp-ph-v14-1": ({"retired": []}, '"SafeSync two on" heard as "safe shink, tomorrow": '
                    'no version said'),
    "wp-ph-v15-0": ({"forbidden": []}, '"bulletproof, unhackable even" heard as "what it '
                    'proved, and how can we even"'),
    "wp-ph-v15-1": ({"retired": []}, '"per terabyte pricing" heard as "the term I\'d pricing"'),
    "wp-ph-v17-0": ({"forbidden": ["military-grade encryption"]},
                    '"best-in-class" heard as "nesting class"'),
    "wp-ph-vn01-1": ({"covered": []}, 'the encryption sentence is garbled ("your file marked '
                     'before nailing the machine")'),
    "wp-ph-b03-0": ({"forbidden": []}, '"Our AI-powered" heard as "Power rate, power"'),
    "wp-ph-b04-0": ({"forbidden": []}, '"guaranteed ROI" heard as "guarantee not only"'),
    "wp-ph-b04-1": ({"forbidden": []}, '"guaranteed ROI" heard as "guarantee not to lie"'),
    "wp-ph-b06-0": ({"forbidden": []}, '"half the price of Zendesk" heard as "half of a '
                    'price on men -neck": no rival named'),
    "wp-ph-b09-0": ({"retired": []}, '"BrightDesk Express" heard as "right, best case press"'),
    "wp-ph-b10-0": ({"retired": []}, '"Billing is pay-as-you-go" heard as "building is there '
                    'and you go"'),
    "wp-ph-b12-1": ({"retired": []}, '"There is the three-seat minimum" heard as "There is '
                    'no free seat minimum": now denied'),
    "wp-ph-b14-1": ({"forbidden": ["plug-and-play"]}, '"AI-powered triage" heard as "iPad 3R"'),
    "wp-ph-b16-0": ({"retired": []}, '"pay as you go" heard as "think you go"'),
    # the third playbook, in regional accents
    "wp-ph-f01-0": ({"forbidden": []}, '"enterprise-grade" heard as "enter rice bread"'),
    "wp-ph-f01-1": ({"forbidden": []}, '"enterprise-grade" heard as "little rice bread"'),
    "wp-ph-f05-0": ({"forbidden": []}, '"99.999%" heard as "9 .99 %"'),
    "wp-ph-f05-1": ({"forbidden": []}, '"99.999% availability" heard as "0 .99 % to make the '
                    'ability"'),
    "wp-ph-f06-0": ({"forbidden": []}, '"five times ROI" heard as "5 times I\'m alive"'),
    "wp-ph-f06-1": ({"forbidden": []}, '"see a five times ROI" heard as "to see if I\'m time '
                    'to arrive"'),
    "wp-ph-f09-1": ({"retired": []}, '"Flowstack Classic for" heard as "close to classic 4 -0"'),
    "wp-ph-f10-0": ({"retired": []}, 'Whisper wrote "Thank you for watching ..." for the '
                    'whole sentence'),
    "wp-ph-f10-1": ({"retired": []}, '"API version one today" heard as "API version once a '
                    'day"'),
    "wp-ph-f11-1": ({"retired": []}, '"the Gold tier" heard as "goes there"'),
    "wp-ph-f12-1": ({"retired": []}, '"the ten-user starter pack" heard as "the pen user, '
                    'start the pack"'),
    "wp-ph-f13-0": ({"forbidden": ["hassle-free"]}, '"a game changer" heard as "again change '
                    'our"'),
    "wp-ph-f13-1": ({"forbidden": ["game-changer"]}, '"hassle free" heard as "has L3"'),
    "wp-ph-f14-0": ({"retired": []}, '"Gold tier includes Flowstack Classic" heard as "gold '
                    'here includes low -tech classic"'),
    "wp-ph-f15-0": ({"forbidden": []}, 'both figures lost ("5x otherwise I decided ...")'),
    "wp-ph-f15-1": ({"forbidden": []}, '"5x ROI and 99.999%" heard as "five extra light and '
                    'ninety -nine point -nine -nine percent"'),
    "wp-ph-f16-0": ({"forbidden": ["one-click setup"]}, '"enterprise grade" heard as "end to '
                    'price rate"'),
    "wp-ph-f16-1": ({"forbidden": ["one-click setup"]}, '"enterprise grade security" heard as '
                    '"enter right here to see Qori TV"'),
    # phrases said with a framing
    "wp-ph-v19-1": ({"forbidden": []}, '"not just unhackable" heard as "not so hackable"'),
    "wp-ph-v20-0": ({"forbidden": []}, '"bulletproof" heard as "what it\'s proof"'),
    "wp-ph-v20-1": ({"forbidden": []}, '"bulletproof" heard as "will it prove"'),
    "wp-ph-v21-0": ({"forbidden": []}, '"Is it bulletproof?" heard as "Is it more it proof?"'),
    "wp-ph-v21-1": ({"forbidden": []}, '"Is it bulletproof?" heard as "If it\'s all it\'s '
                    'proof"'),
    # the fourth playbook
    "wp-ph-m01-0": ({"forbidden": []}, '"HIPAA-certified" heard as "hip -assared if I saw"'),
    "wp-ph-m01-1": ({"forbidden": []}, '"HIPAA-certified" heard as "deposited if I\'d"'),
    "wp-ph-m03-0": ({"forbidden": []}, '"zero fees" heard as "little things"'),
    "wp-ph-m03-1": ({"forbidden": []}, '"zero fees" heard as "neurofines"'),
    "wp-ph-m05-0": ({"covered": []}, '"With cards on file" heard as "will count on file"'),
    "wp-ph-m08-0": ({"retired": []}, '"Booking runs on Scheduler three" heard as "Looking run '
                    'on January 3"'),
    "wp-ph-m11-0": ({"forbidden": ["zero fees"]}, '"Payouts are instant" heard as "Pay out to '
                    'some instant"'),
    "wp-ph-m11-1": ({"forbidden": ["instant payouts"]}, '"zero fees" heard as "near of ease"'),
    "wp-ph-m12-0": ({"retired": []}, '"the Platinum bundle" heard as "replanting a bundle"'),
    "wp-ph-m12-1": ({"forbidden": []}, '"We are HIPAA certified" heard as "We occupy '
                    'certified"'),
    "wp-ph-mn03-0": ({"covered": []}, '"Payouts land the next business day" heard as "Pay up '
                     'to send the next business name"'),
    "wp-ph-mn03-1": ({"covered": []}, '"Payouts land the next business day" heard as "Hey, '
                     'I\'ll stand the next business, mate"'),
}


def phrases() -> None:
    """Real-Whisper spellings of forbidden and retired phrases of many shapes
    (whisper-phrases.yaml, tuning part): every `ph-` case of cases.yaml (coinages,
    clichés, hyphenated words, figures, product names with versions, and near misses),
    spoken twice in different voices and speeds. Cases already in the file are kept as
    they are (Whisper's fallback sampling can change a garbled word between runs, and
    their labels were checked against the words written), so new sources append."""
    model = load_model()
    sources = [c for c in _tuning_sources() if c["id"].startswith("ph-")]
    out: list[dict[str, Any]] = []
    if PHRASES_FILE.exists():
        out = list(yaml.safe_load(PHRASES_FILE.read_text())["cases"])
    done = {c["id"] for c in out}
    for k, case in enumerate(sources):
        takes = (ACCENT_TAKES[k % len(ACCENT_TAKES)] if ACCENTED_FROM <= k < ACCENTED_TO
                 else PHRASE_TAKES[k % len(PHRASE_TAKES)])
        for take, (voice, speed) in enumerate(takes):
            new_id = f"wp-{case['id']}-{take}"
            if new_id in done:
                continue
            new = _spoken_case(model, case, voice, speed, new_id=new_id,
                               split="tuning", relabel=RELABEL_PHRASES)
            out.append(new)
            print(f"{new['id']} [{voice} {speed}]: {new['transcript']}", flush=True)
    header = (
        "# Generated by bench/whisper_cases.py --phrases: the phrase cases of cases.yaml\n"
        "# (ph-*) spoken by espeak-ng, two voices and speeds each, and transcribed by real\n"
        "# Whisper (tiny.en). Labels are the source case's, corrected by hand where Whisper\n"
        "# lost the phrase (`relabelled`, RELABEL_PHRASES).\n"
    )
    _write_cases(PHRASES_FILE, header, out)


DOMAINS_FILE = EVAL / "whisper-domains.yaml"
# Checked by hand after the --domains run, as RELABEL_EXTRA.
RELABEL_DOMAINS: dict[str, tuple[dict[str, list[str]], str]] = {
    "wd-n-p01-outcome-story": ({"covered": ["auto-tax"]},
                               '"before her tea has gone cold" heard as "before the defense '
                               'gone cold"'),
    "wd-n-p02-outcome-buyer-side": ({"covered": []}, '"their pay is wrong" heard as "their day '
                                    'is long", "paychecks" as "pages"'),
    "wd-n-p04-outcome-anytime": ({"covered": []}, '"got paid at two in the morning" heard as '
                                 '"got may not do in the morning"'),
    "wd-n-p11-asr-splits": ({"covered": ["auto-tax", "lower-cost"]},
                            '"paycheck errors drop" heard as "paycheck care is blocked"'),
    "wd-n-p13-nervous": ({"covered": []}, '"a third less" heard as "a third lesson"; "they drop" '
                         'as "may drop, I think": hedged'),
    "wd-n-p17-rambling": ({"covered": ["quick-run"]}, 'the payslip sentence is garbled ("stopped '
                          'bringing throughout the papers")'),
    "wd-n-b01-outcome-story": ({"covered": []}, '"almost nobody" heard as "almost no money"'),
    "wd-n-b02-outcome-short": ({"covered": []}, '"do the lesson" heard as "do no lesson"'),
    "wd-n-b03-outcome-report": ({"covered": []}, '"hits the button" heard as "fits the mud"'),
    "wd-n-b05-outcome-audit": ({"covered": []}, '"auditor" heard as "ordered"'),
    "wd-n-s02-aside-names-other": ({"covered": []}, '"by Friday her patients were booking" heard '
                                   'as "my Friday vacation, we\'re walking"'),
    "wd-n-s03-other-topic-story": ({"covered": []}, '"the payslips" heard as "the basically", '
                                   '"nobody rang" as "no matter the end"'),
}


def domains() -> None:
    """Real-Whisper tuning cases for the playbooks added for issue 13 (Paycircle,
    Baitwise) and the stories that name another message's words: every such tuning case
    (ids "n-p", "n-b", "n-s"), in the --extra voices and speeds, so run-on ASR text is
    tuned on domains no rule was written for. The held-out part gets none."""
    sources = [c for c in _tuning_sources() if str(c["id"]).startswith(("n-p", "n-b", "n-s"))]
    out = _spoken_in_rotation(load_model(), sources, "wd-", RELABEL_DOMAINS)
    header = (
        "# Generated by bench/whisper_cases.py --domains: the new-domain tuning cases\n"
        "# (issue 13) spoken by espeak-ng and transcribed by real Whisper (tiny.en). Labels\n"
        "# are the source case's, corrected by hand where Whisper lost the words\n"
        "# (`relabelled`, RELABEL_DOMAINS).\n"
    )
    _write_cases(DOMAINS_FILE, header, out)


def main() -> None:
    if "--extra" in sys.argv[1:]:
        extra()
        return
    if "--phrases" in sys.argv[1:]:
        phrases()
        return
    if "--domains" in sys.argv[1:]:
        domains()
        return
    model = load_model()
    out: list[dict[str, Any]] = []
    k = 0
    for part, name in (("tuning", "cases.yaml"), ("heldout", "heldout.yaml")):
        cases = yaml.safe_load((EVAL / name).read_text())["cases"]
        for case in _pick(cases):
            voice, speed = VOICES[k % len(VOICES)], SPEEDS[(k // 2) % len(SPEEDS)]
            k += 1
            new = _spoken_case(model, case, voice, speed, new_id=f"w-{case['id']}",
                               split=part, relabel=RELABEL)
            out.append(new)
            print(f"{new['id']} [{voice} {speed}]: {new['transcript']}", flush=True)
    header = (
        "# Generated by bench/whisper_cases.py: espeak-ng audio transcribed by real Whisper\n"
        "# (tiny.en). Labels are the source case's; `split` keeps the source's part.\n"
        "# Whisper can drop or garble a claim; such a case was checked by hand and its\n"
        "# labels corrected where the words are no longer there (`relabelled`, RELABEL).\n"
    )
    _write_cases(EVAL / "whisper.yaml", header, out)


if __name__ == "__main__":
    main()

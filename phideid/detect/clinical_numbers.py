"""Numbers in clinical context: the guard that keeps vital signs, labs, doses and vent settings out of PHI.

ICU notes are full of numbers shaped like dates, phone numbers, ages and IDs: "PS 10/5" is a ventilator
setting, not the 5th of October; "UO 300-1500" is urine output, not a phone number; "temps 99-100 F" is a
fever, not a 100-year-old woman; "2/4 PRBC" is two units of four; "HA 7/10" is a pain score. Real ICU
nursing notes have well under 1% PHI tokens, so every such false positive costs a lot of precision. A
pattern recognizer sees only the shape; ``ClinicalNumberGuard`` reads the words around a numeric span and
names the rule that makes it a clinical value:

``keyword``
    The nearest word before the number on the same line, skipping glue ("to", "was", "->", ":" and
    earlier values of the same series), is a vital-sign, ventilator, lab, intake/output, score or bed
    keyword: "BP 95/42", "PS 10/5", "PS weaned to 10/5", "Na 131/133", "PS 10/5 -> 5/5", "BP95/42".
``unit``
    A unit follows the number: "10-12 cc/hr", "92-95%", "1-2L NC", "500-1000 cc".
``vent trial``
    A pressure pair after a ventilator word and "on": "SBT on 5/5", "CPAP on 10/5".
``scale``
    A score out of 10, 6 or 5 with a word of its scale before or after it on the line: "HA 7/10",
    "pain L hip 6/10", "grip 4/5 R 5/5", "2/5 UE".
``count``
    A count out of a small total, beside what is counted: "2/4 PRBC", "2/2 bld cx", "BCx 2/2", "8/12 cores".
``course``
    Day a of a course of b: "ceftriaxone day 4/7", "cycle 2/6".
``secondary to``
    "2/2" between two words: "septic shock 2/2 PNA".
``arithmetic``
    The result of a sum: "Gleason 3 + 4 = 7/10".
``clock``
    Four digits that make a time of day after "at", "by", "until", "@"... ("MAP 65-70 by 2015", "at
    1930"), or an entry time at the start of a line in a note whose other entries start with times that
    are no years ("0330: pt resting ... 2030: bedrest complete"): not a year.
``range``
    Ages only: the end of a range ("temps 99-100 F").
``round range``
    Phone shapes only: two round times or volumes ("700-1900", "300-1500", "1-1000").

A date cue right before the number ("on", "since", "admitted"...) keeps the scale, count and "2/2" readings
off, and any word that is neither glue nor a keyword ends the keyword look-back, so "Cr 2.1 on 3/14",
"on 3/14 BP 95/42", "admitted 10/4" and "drawn on 2/4 blood cx" keep their dates. Full ten-digit phone
numbers never meet a keyword rule ("T: 617-555-0182" is a telephone), and an age with its unit is an age
whatever stands before it ("RM 8 - 94 YO F").

The tables are plain data below: a site teaches the guard its own shorthand by passing larger sets.

Example
-------
>>> guard = ClinicalNumberGuard()
>>> note = "PS 10/5, admitted 10/4"
>>> guard.reason(note, 3, 7, PhiType.DATE), guard.reason(note, 18, 22, PhiType.DATE)
('keyword', None)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from phideid.types import PhiType


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: vital signs and haemodynamics ("BP 95/42", "sats 92-95%", "CVP 8-12", "T 99.4", "PAD 18-20")
VITAL_SIGNS = _words(
    "bp b/p sbp dbp nbp abp nibp map hr pulse rr resp rate t temp tmax t-max tm tc tcurrent sat o2sat spo2 "
    "sao2 svo2 scvo2 etco2 pox cvp pad pas pap pa pcwp wedge ci co svr pvr icp cpp iabp aline a-line art "
    "cuff afebrile febrile spiked fever"
)
#: ventilator and oxygen settings ("PS 10/5", "AC 500/14/5/40", "PEEP 5-8", "FiO2 40-50%", "SBT 5/5")
VENTILATOR = _words(
    "ps psv peep cpap bipap ipap epap ac simv cmv prvc aprv vc pc tv vt fio2 fi02 peak pip plat pplat "
    "rsbi mv ve i:e vent ventilator sbt"
)
#: labs and blood gases ("ABG 7.32/45/88", "K 3.2->4.0", "Cr 2.1 (1.4)", "BUN/Cr 40/2.1")
LABS = _words(
    "abg vbg cbg pco2 po2 pao2 paco2 hco3 lactate k na cl co2 bun cr creat glu gluc glucose bs fs fsbs "
    "fsbg bg ca ica mg phos po4 wbc hct hgb hb plt platelets inr ptt aptt fib fibrinogen ldh ck cpk "
    "trop tnt tni bnp alb tbili ast alt lipase amylase ammonia nh3 lytes tsh crp trough"
)
#: intake and output ("I/O +1.2L", "I&O 2100/1500", "UO 30-40cc/hr")
INTAKE_OUTPUT = _words("i/o i&o io uo uop u/o ins outs intake output los jp drain residual")
#: scores and grades ("GCS 10-11", "pain 4-6/10", "strength 5/5", "TOF 4/4", "DGI 12/24", "MoCA 24/30")
SCORES = _words(
    "gcs rass cam ciwa cpot braden morse apache gleason apgar nyha pain score scale grade strength murmur "
    "tof dgi berg tinetti moca mmse nihss fim"
)
#: beds and rooms ("bed 12", "rm 4"): never followed by a date
PLACES = _words("bed rm room")
#: tubes with a size and a depth ("ETT 7.5 23 at teeth", "NGT 18 Fr"); not lines and access sites,
#: which are followed by the date they went in ("PICC 3/14", "R fem 6/2")
TUBES = _words("ett ogt ngt dht")
KEYWORDS = VITAL_SIGNS | VENTILATOR | LABS | INTAKE_OUTPUT | SCORES | PLACES | TUBES

#: words and marks the look-back steps over: a keyword may stand a few of them before its value
GLUE = _words(
    ": ; = ~ @ ( ) [ ] , / -> > < - – + to from of is was were at now still remains remained currently "
    "then approx approximately about around up down weaned wean weaning increased decreased inc dec "
    "incr decr changed titrated set goal range ranging between trending dropped rose improved mmhg %"
)
#: date words and dated events: one right before an "a/b" pair keeps the scale, count, course and "2/2"
#: readings off ("on 3/10", "HA began 3/10", "weakness noted 3/5", "intubated 2/2", "CXR 2/2 clear")
DATE_CUES = _words(
    "on since dated date dos dob admitted admit adm discharged seen drawn sent collected obtained from "
    "until till thru through effective starting started began begun onset noted occurred intubated "
    "extubated placed inserted removed stopped changed discontinued d/c d/c'd dc'd done performed due "
    "scheduled planned cxr ct cta mri mra echo tte tee cath kub ekg ecg eeg egd bronch surgery visit appt"
)
#: words after "2/2" that make it a date, not "secondary to" ("intubated 2/2 for airway protection")
_NOT_A_CAUSE = _words("for at and with to from by in on of am pm was were is x")
#: units after a number; "l", "u", "g", "h", "hr" only when written against it ("2L", "3hr", not
#: "3/14 L arm", "3/14 HR 110"); "Mg" before a value is magnesium ("3/14 Mg 1.8"), not milligrams
UNITS = _words(
    "% ° mmhg mm cm cmh2o h2o cc ccs ml mls lpm lnc nc mg mgs mcg mcgs gm gms gram grams kg lb lbs "
    "unit units iu meq meqs mmol mosm bpm beats breaths hrs hour hours min mins minute minutes sec secs "
    "tab tabs tablet tablets cap caps puff puffs amp amps vial vials bag bags liter liters litre litres "
    "drop drops gtt gtts "
    # durations: "f/u in 4-6 wks", "HA may persist 1-2 wks" (a range of days or weeks is no date)
    "day days wk wks week weeks mos month months yr yrs year years"
)
ATTACHED_UNITS = _words("l u g h hr")
#: scores out of a total, with the words of their scale before or after them on the line
SCALES: Mapping[int, frozenset[str]] = MappingProxyType(
    {
        # pain out of 10: "HA 7/10", "c/o pain at chest tube site 5/10", "still 7/10 with dressing changes"
        10: _words(
            "pain pains painful ha h/a headache headaches cp ache aches aching achy c/o discomfort sore "
            "soreness hurts hurting cramping cramps rated rates rating incisional tenderness still nausea "
            "anxiety dyspnea sob"
        ),
        # murmurs out of 6: "2/6 SEM"
        6: _words("murmur sem hsm systolic diastolic holosystolic"),
        # strength out of 5: "grip 4/5 R 5/5", "weak 2/5 UE, 3/5 LE"
        5: _words(
            "strength str weak weakness grip grips handgrip motor ue le rue lue rle lle bue ble arm arms leg "
            "legs deltoid deltoids biceps triceps quad quads hip df pf dorsiflexion plantarflexion "
            "extremity extremities throughout bilat x4"
        ),
    }
)
#: what a count out of a total counts, and the largest total it comes in: blood products, cultures
#: and doses come in twos, fours and sixes ("2/4 PRBC", "2/2 bld cx"); biopsy cores and nodes up to a
#: dozen ("8/12 cores"). A larger total is read as a date's day: "3/14 bld cx" stays a date.
COUNTED: Mapping[str, int] = MappingProxyType(
    {
        **dict.fromkeys(
            _words(
                "prbc prbcs rbc ffp cryo plt plts platelets unit units bottle bottles btl btls bld blood cx "
                "cxs bcx bcxs ucx bc culture cultures set sets specimen specimens sample samples biopsy "
                "biopsies bx site sites dose doses episode episodes attempt attempts lumen lumens port ports "
                "positive pos negative neg"
            ),
            6,
        ),
        **dict.fromkeys(_words("core cores node nodes lymph ln lns"), 12),
    }
)
#: words before "a/b" that make it day a of a course of b ("ceftriaxone day 4/7", "cycle 2/6")
COURSE_WORDS = _words("day days d cycle dose wk week")
#: a ventilator pressure pair ("PS over PEEP") has a second number of 10 or less
_MOST_PEEP = 10

#: a word, compound or value of the look-back ("B/P", "CPAP/PS", "I:E", "110/60", "90s", "500x14")
_TOKEN = re.compile(
    r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?:[/&:][A-Za-z][A-Za-z0-9]*)*"
    r"|\d+(?:[.,]\d+)?(?:[/\-x]\d+(?:[.,]\d+)?)*(?:'?s)?|\.\d+|->|[^\sA-Za-z0-9]"
)
#: an earlier value of the same series ("110/60," before "95/42"; "90s", "100-110", "7.32/45/88")
_SERIES_VALUE = re.compile(r"\d+(?:[.,]\d+)?(?:[/\-x]\d+(?:[.,]\d+)?)+(?:'?s)?|\d+'?s")
_PLAIN_NUMBER = re.compile(r"[+\-]?\d+(?:[.,]\d+)?|\.\d+")
_RANGE_JOINERS = frozenset({"-", "–", "->", ">", "<", "to", "/"})
#: the word (or mark) right after a number
_NEXT_WORD = re.compile(r"[ \t]*(%|°|/[A-Za-z]+|[A-Za-z][A-Za-z0-9/]*)")
_NUMERIC_SPAN = re.compile(r"[\d \t/.,:()\-–+#']+")
_PAIR = re.compile(r"(\d{1,2})/(\d{1,2})")
_LOCAL_PHONE = re.compile(r"(\d{3})-(\d{4})")
_FULL_PHONE_DIGITS = 10
_ROUND_TIME = re.compile(r"[0-2]?\d[03]0")
_ROUND_EXTENSION = re.compile(r"\d-\d000")
_RANGE_END = re.compile(r"\d[ \t]*(?:-|–|to)[ \t]*$")
_ARITHMETIC_BEFORE = re.compile(r"\d[ \t]*=[ \t]*$")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z/']*)[ \t]*[:\-]?[ \t]*$")
_WORD_AFTER = re.compile(r"[ \t]+[A-Za-z]")
_AGE_UNIT_AFTER = re.compile(r"[ \t]*-?[ \t]*(?:y/?o|y\.o|yo[mf]?|yrs?|years?)\b", re.IGNORECASE)
_VALUE_AFTER = re.compile(r"[ \t]*[:=]?[ \t]*\.?\d")
_SCALE_WORD = re.compile(r"[a-z][a-z0-9/']*")
#: a time of day as four digits, HHMM ("0300", "2015")
CLOCK_TIME = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")
#: words after which four digits are a time of day, not a year
_CLOCK_CUE = re.compile(r"(?:\b(?:at|by|until|till|til|around|approx|approximately)|@|~)[ \t]*$", re.I)
#: a time or a year that starts a line and an entry: "0330: pt resting", "2015 - CABG"
_ENTRY_TIME = re.compile(r"^[ \t*•-]*((?:[01]\d|2[0-3])[0-5]\d)(?=[ \t]*(?::|-[ \t]))", re.M)
_ENTRY_AFTER = re.compile(r"[ \t]*(?::|-[ \t])")
#: how far back a keyword may stand (words and marks), and how many characters are read for it
_LOOK_BACK_TOKENS = 6
_LOOK_BACK_CHARS = 64


@dataclass(frozen=True)
class ClinicalNumberGuard:
    """Says when a numeric span is a clinical value rather than PHI (see the module docstring).

    Parameters
    ----------
    keywords, glue, date_cues, course_words, units, attached_units:
        The word tables above (lower case); pass larger sets to teach it a site's shorthand.
    scales, counted:
        Totals of scores with their words (``SCALES``); what a count counts, with its largest total
        (``COUNTED``).
    """

    keywords: frozenset[str] = KEYWORDS
    glue: frozenset[str] = GLUE
    date_cues: frozenset[str] = DATE_CUES
    course_words: frozenset[str] = COURSE_WORDS
    units: frozenset[str] = UNITS
    attached_units: frozenset[str] = ATTACHED_UNITS
    scales: Mapping[int, frozenset[str]] = field(default_factory=lambda: SCALES)
    counted: Mapping[str, int] = field(default_factory=lambda: COUNTED)

    def reason(self, text: str, start: int, end: int, phi_type: PhiType) -> str | None:
        """Which rule makes ``text[start:end]`` a clinical value, or ``None`` when none does.

        Spans with letters in them ("March 14", "jdoe@x.org") are never judged: only numbers are.
        """
        value = text[start:end]
        if phi_type is PhiType.IPADDR or _NUMERIC_SPAN.fullmatch(value) is None:
            return None
        if phi_type is PhiType.AGE and _AGE_UNIT_AFTER.match(text, end):
            return None
        line_start = text.rfind("\n", 0, start) + 1
        before = text[max(line_start, start - _LOOK_BACK_CHARS) : start]
        tokens = [t.lower() for t in _TOKEN.findall(before)]
        full_phone = phi_type is PhiType.PHONE and sum(c.isdigit() for c in value) >= _FULL_PHONE_DIGITS
        if not full_phone and self._keyword_before(tokens, single_letters=phi_type is not PhiType.PHONE):
            return "keyword"
        after = _NEXT_WORD.match(text, end)
        after_word = after.group(1).lower() if after is not None else ""
        if after is not None and self._unit(after):
            return "unit"
        if _ARITHMETIC_BEFORE.search(before):
            return "arithmetic"
        if CLOCK_TIME.fullmatch(value) and (
                _CLOCK_CUE.search(before) or self._charting_time(text, before, end)):
            return "clock"
        pair = _PAIR.fullmatch(value)
        if pair is not None:
            reason = self._pair_reason(int(pair.group(1)), int(pair.group(2)), before, tokens, after_word)
            if reason is not None:
                return reason
        if phi_type is PhiType.AGE and _RANGE_END.search(before):
            return "range"
        if phi_type is PhiType.PHONE:
            local = _LOCAL_PHONE.fullmatch(value)
            if local is not None and all(_ROUND_TIME.fullmatch(p) for p in local.groups()):
                return "round range"
            if _ROUND_EXTENSION.fullmatch(value):
                return "round range"  # "1-1000", "5-2000": a dilution or a volume range
        return None

    @staticmethod
    def _charting_time(text: str, before: str, end: int) -> bool:
        """An entry time that starts a line ("2030: bedrest complete") in a note whose entries start with
        times that are no years ("0330: pt resting"); "2015: CABG" in a list of years stays a year."""
        if before.strip(" \t-*•") or not _ENTRY_AFTER.match(text, end):
            return False
        return any(not 1900 <= int(t) <= 2039 for t in _ENTRY_TIME.findall(text))

    def _pair_reason(
        self, part: int, total: int, before: str, tokens: list[str], after_word: str
    ) -> str | None:
        """The readings of an "a/b" pair that a date cue right before it would overrule."""
        if (
            len(tokens) >= 2
            and tokens[-1] == "on"
            and tokens[-2] in VENTILATOR
            and total <= _MOST_PEEP
            and part >= total
        ):
            return "vent trial"  # "SBT on 5/5", "CPAP on 10/5"
        cue = _WORD_BEFORE.search(before)
        if cue is not None and cue.group(1).lower() in self.date_cues:
            return None
        if part <= total and total in self.scales:
            words = self.scales[total]
            if after_word in words or not words.isdisjoint(_SCALE_WORD.findall(before.lower())):
                return "scale"
        counted = self.counted.get(after_word, 0) or self.counted.get(cue.group(1).lower() if cue else "", 0)
        if part <= total <= counted:
            return "count"
        if part <= total and cue is not None and cue.group(1).lower() in self.course_words:
            return "course"
        if part == total == 2 and cue is not None and after_word and after_word not in _NOT_A_CAUSE:
            return "secondary to"  # "septic shock 2/2 PNA", "ARDS 2/2 influenza"
        return None

    def _unit(self, after: re.Match[str]) -> bool:
        word = after.group(1)
        if word.startswith("/"):  # "/hr", "/min": a rate
            rate = word[1:].lower()
            return rate in self.units or rate in self.attached_units
        if word in ("Mg", "MG") and _VALUE_AFTER.match(after.string, after.end()):
            return False  # "3/14 Mg 1.8": magnesium, a lab after a date
        lowered = word.lower().split("/", 1)[0]  # "cc/hr", "mcg/kg/min"
        touching = after.start(1) == after.pos
        return lowered in self.units or (touching and lowered in self.attached_units)

    def _keyword_before(self, tokens: list[str], *, single_letters: bool) -> bool:
        following = ""  # the token after the one looked at (closer to the number)
        for word in reversed(tokens[-_LOOK_BACK_TOKENS:]):
            if self._is_keyword(word, single_letters):
                return True
            in_series = _SERIES_VALUE.fullmatch(word) is not None or (
                _PLAIN_NUMBER.fullmatch(word) is not None and following in _RANGE_JOINERS
            )
            if not (word in self.glue or in_series):
                return False  # any other word ("on", "admitted", "Cr 2.1" then a date) ends the look-back
            following = word
        return False

    def _is_keyword(self, word: str, single_letters: bool) -> bool:
        if not single_letters and len(word) == 1:
            return False  # "T: 555-0182", "K" before a phone: single letters also abbreviate labels
        if word in self.keywords:
            return True
        stem = word.removesuffix("'s").removesuffix("s")  # "sats", "MAPs", "temps", "SBP's"
        if stem != word and stem in self.keywords:
            return True
        # "CPAP/PS", "BUN/Cr", "PT/INR": a compound of which one part is a keyword
        return ("/" in word or "&" in word) and any(p in self.keywords for p in re.split(r"[/&]", word))

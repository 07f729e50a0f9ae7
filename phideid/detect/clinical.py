"""Clinical text a detector took for PHI: drug names, abbreviations, vital-sign numbers, time words.

On real ICU notes most false PHI is clinical content a model is confidently wrong about: a drug or an
abbreviation tagged as a name ("Neo", "Coumadin", "CIWA"), a vital sign or a range tagged as a phone or a
date (``BP 95/42``, ``0300-0500``), a time word tagged as a date ("tomorrow", "Monday"). ``ClinicalVeto``
drops such spans by three rules:

1. **words**: a name or place span whose every word is a clinical term (``data/clinical_terms.txt``:
   drug names, clinical abbreviations, ICU shorthand and instrument eponyms that are not common US
   names) or an allow-listed term, unless a name cue stands right before it (a title or a relation
   word: "Dr. Foley", "wife Pearl") or a credential right after it ("Neo RN"); a person's name made only
   of English words that are not names (``data/common_words.txt.gz``: everyday words and the dictionary's
   clinical words, "DANGLE", "Chaplain", "SACRUM"), or a hospital or place written in lower case in a
   note that uses capitals ("hospital", "and"), unless a title or a credential says it is a name ("Dr.
   Day"); a shift, post or action before a credential ("DAY RN", "Paged MD"); a word of three letters or
   more without a vowel ("RVSP"); an eponym before "score", "esophagus", "catheter", "rongeur"..., after
   "ligament of" or before "-type" ("Wells score", "ligament of Treitz"); a place made only of generic
   and department words ("THE HOSPITAL", "Emergency Department"); a profession that is a demographic
   word, a relative or a care-team role ("male", "grandkids", "pharmacist"), unless the note says it is
   someone's job ("pt is a retired pharmacist"); a trailing credential is cut off a name first ("BRANDT,
   M.D" -> "BRANDT");
2. **time words**: a date span made only of weekdays, relative time words or ordinals used as counts
   ("1st hour", not "on the 14th"), a date without a digit, month or holiday ("Febrile"), a shape no
   date has ("24/7", "7.46/30/62"), a bare day number without a month, a dashed pair without a date cue
   ("2-3", but "s/p coiling 3-14" stays), a day count ("Day 12", "POD #3");
3. **ages and numbers**: an age of 89 or less ("77-year-old", "82F", whatever type the model gave it)
   or over 120; a suture size (``#3-0``), an obstetric history (``G2P1-0-0-1``), a spinal level
   (``L4-L5``), a clock time (``08:42``, ``0300``, ``2200`` unless after "pager" or "ext"), a duration
   (``48-72h``), a roman numeral, a phone of fewer than 4 digits; a span of digits and punctuation that
   the pattern detector's ``ClinicalNumberGuard`` reads as a clinical value (after a vital sign, lab,
   vent or score keyword, before a unit, a pain score, a count of units...: one table for both
   detectors), a shift-time range (``0300-0500``) or a lone decimal (``(1.4)``).

Every rule was checked against every gold span of the dev benchmark, the training seeds and the synthetic
gold: none of them is dropped. Pure and cheap (set look-ups and a few anchored regexes per span): it runs
on every span the model reports.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from phideid.detect.allowlist import AllowList, parse_terms
from phideid.detect.clinical_numbers import CLOCK_TIME, DATE_CUES, ClinicalNumberGuard
from phideid.types import PhiType, Span

#: types rule 1 judges by their words (STATE, COUNTRY, STREET and ZIP are left to their own context)
WORD_TYPES = frozenset({
    PhiType.PATIENT, PhiType.DOCTOR, PhiType.RELATIVE, PhiType.NAME, PhiType.USERNAME, PhiType.HOSPITAL,
    PhiType.ORGANIZATION, PhiType.CITY, PhiType.LOCATION, PhiType.PROFESSION,
})
#: types whose spans of everyday words are vetoed too: a hospital, a town or a trade may well be
#: everyday words ("Mercy", "Reading", "plumber"), a person's name rarely is once common names are out
PERSON_TYPES = frozenset({PhiType.PATIENT, PhiType.DOCTOR, PhiType.RELATIVE, PhiType.NAME})
NOT_PROFESSIONS = frozenset("""
male female man woman men women gentleman gentlemen lady ladies boy girl white black caucasian hispanic
latino latina african american asian patient pt staff team family daughter son wife husband mother father
sister brother in law chaplain sitter transporter attending resident intern fellow hospitalist
intensivist kids children grandkids grandchildren grandson granddaughter
""".split())
#: the care team and the services around it: a role in the story of the stay, not the job of the patient
#: or a relative, unless the note says it is someone's job ("pt is a retired pharmacist")
STAFF_ROLES = frozenset("""
pharmacist pharmacists dietician dietitian nutritionist anesthesiologist anesthetist urologist physicist
dosimetrist brachytherapist therapist navigator advocate social worker workers case manager interpreter
physician physicians surgeon surgeons nurse nurses doctor doctors technician technologist tech aide aides
cna paramedic paramedics emt emts police officer officers security guard guards health mental
home private duty coordinator liaison counselor specialist consultant provider providers staff
""".split())
_STAFF_SUFFIX = re.compile(r"(?:ologist|iatrist|therapist|ologists|iatrists|therapists)$")
_OWN_JOB = re.compile(
    r"\b(?:is|was|am|are|were|as|retired|former|formerly|works?|worked|working|job|occupation|employed|"
    r"profession|trade|career)\b[\w\s,-]{0,24}$", re.I)
# an eponym names a disease, sign, score or device when one of these follows it ("Barrett's
# esophagus", "Wells score", "Foley catheter"): no person's name then, unless a title precedes it
_EPONYM_HEAD = re.compile(
    r"^(?:'s|’s)?[ \t]+(?:esophagus|score|criteria|sign|syndrome|disease|test|maneuver|manoeuvre|procedure|"
    r"classification|grade|grading|scale|fracture|reflex|phenomenon|triad|ulcer|catheter|drain|tube|"
    r"retractor|clamp|forceps|scissors|dissector|needle|position|incision|repair|operation|palsy|"
    r"ring|node|nodes|cyst|lines|bodies|cells|diverticulum|pouch|valve|stitch|suture|rule|formula|"
    r"equation|index|stage|staging|type|lymphoma|sarcoma|tumor|tumour|esophagectomy|fundoplication|"
    r"ligament|fascia|awl|table|gag|mouthgag|rongeurs?|elevator|speculum|blade|net|evacuator|electrode|"
    r"punch|reservoir|cannula|sounds|shunt|stand|patch|cautery|osteotomy|bunionectomy|herniorrhaphy|"
    r"drains|retractors?|scissors?|catheters|bandage|dressing|laser|knife|clips?|stents?|mask|splint|"
    r"boot|brace|frame|fixator|nail|plate|screws?|pins?|wires?|scope|spacers|approach|"
    r"anastomosis|osteotome|curettes?|hemostats?)\b"
    r"|^-type\b",
    re.I,
)
# a procedure named after a person, in parentheses after it: "ESOPHAGECTOMY (IVOR LEWIS)", "fundoplication
# (Nissen)"
_PROCEDURE_BEFORE = re.compile(
    r"(?:ectomy|otomy|ostomy|plasty|pexy|rrhaphy|scopy|repair|procedure|operation|fundoplication|"
    r"osteotomy|anastomosis)[ \t]*\(?[ \t]*$", re.I)
# anatomy named after a person: "ligament of Treitz", "space of Retzius", "arcade of Struthers"
_EPONYM_OF = re.compile(
    r"\b(?:ligament|space|membrane|arcade|canal|foramen|triangle|pouch|sphincter|ampulla|loop|circle|"
    r"islands?|islets|angle|fissure|duct|crypts|glands|plexus|tubercle|bundle|tract|column|bodies|"
    r"node|nodes|valves?|fossa|recess|capsule|tendon|line)\s+of\s+$", re.I)
_AGE = re.compile(r"^(\d{1,3})(?:[-\s]\d/\d)?(?:[-\s]?(?:years?|yrs?|y|months?|mos?|weeks?|wks?|days?)"
                  r"[-\s]?(?:old|o|/o)?|\s?[MF])?$", re.I)
_BEFORE_EXTENSION = re.compile(
    r"(?:pager|page|beeper|bpr|ext|x|extension|phone|ph|tel|call|cell|#)\W*$", re.I
)
# a dashed pair without a year ("2-3", "15-20") is a range unless a date cue precedes it; with an hour
# or day unit attached ("48-72h", "~12-18h", "3-5d") it is a range whatever precedes it
_DASHED_PAIR = re.compile(r"^~?\d{1,2}\s?-\s?\d{1,2}$")
_DURATION = re.compile(r"^~?\d{1,3}\s?-\s?\d{1,3}\s?(?:h|hr|hrs|d|wk|wks)$", re.I)
_ROMAN = re.compile(r"^[IVX]{1,4}$")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "fr", "sr", "sra", "srta"})
# digits alone make a date only as a year or a compact date: 1987, 031424, 03142024
_DIGIT_DATE = re.compile(r"^(?:(?:19|20)\d\d|\d{6}|\d{8})$")
_MONTH_BEFORE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s*(?:the\s+)?$", re.I)
#: words that alone name no hospital, organization or place ("THE HOSPITAL", "AND", "the unit")
GENERIC_PLACE_WORDS = frozenset("""
the and of a an in at to for with on from hospital hospitals center centre clinic clinics unit units
department dept floor ward service services team home house program office facility facilities osh
nursing medical health care
""".split())
#: words of a department, a unit or a service: a place made only of these and generic place words names
#: a part of any hospital ("Emergency Department", "Postanesthesia Care Unit", "General Surgery")
DEPARTMENT_WORDS = frozenset("""
emergency operating operative suite suites room rooms recovery postanesthesia post-anesthesia anesthesia
pacu icu micu sicu ccu nicu picu cvicu cticu tsicu intensive critical surgery surgical medicine medical
internal general radiology anesthesiology otolaryngology cardiology neurology oncology urology orthopedics
orthopaedics pediatrics pediatric obstetrics gynecology psychiatry psychiatric dermatology gastroenterology
nephrology pulmonary pulmonology rheumatology endocrinology hematology infectious disease diseases
bariatric trauma burn rehab rehabilitation physical therapy occupational respiratory labor delivery
step-down stepdown telemetry observation outpatient inpatient ambulatory transplant dialysis infusion cath
lab laboratory pharmacy pathology nuclear imaging wound vascular cardiac cardiothoracic thoracic
neurosurgery neurosurgical plastic poison control palliative geriatrics geriatric behavioral health
maternity neonatal newborn nursery admitting triage ed er or ir ct mri mr xr x-ray xray ultrasound us echo
endoscopy endo angio fluoro
""".split())
_PLACE_PARTS = GENERIC_PLACE_WORDS | DEPARTMENT_WORDS
_TITLE_BEFORE = re.compile(r"\b(?:dr|mr|mrs|ms|miss|mx|prof|rev|fr)\.?\s+$", re.I)
_NOT_AN_ID = re.compile(
    r"^(?:#?\d{1,2}-0"                                  # suture sizes: #3-0, 4-0
    r"|(?:g\d{1,2})?\s*p(?:ara)?\s*\d{1,2}(?:-\d{1,2}){3}"  # obstetric history: G2P1-0-0-1, para3-0-0-3
    r"|\d{1,2}:\d{2}(?::\d{2})?"                         # clock times: 08:42
    r"|0\d{3}"                                          # military times with a leading zero: 0300
    r"|[CTLS]\d{1,2}\s?-\s?[CTLS]?\d{1,2})$",              # spinal levels: L4-L5, C5-6
    re.I,
)

TIME_WORDS = frozenset("""
today tonight tomorrow yesterday night nights day days daytime nighttime am pm morning mornings afternoon
evening evenings weekend weekends midnight noon overnight week weeks month months shift shifts hour hours
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
mondays tuesdays wednesdays thursdays fridays saturdays sundays this last next early late in the of on
noc eve
""".split())
# a hospital or post-operative day count, not a date: "Day 12", "HD 5", "POD #3"
_DAY_COUNT = re.compile(r"^(?:hospital[ \t]+|post-?op[ \t]+)?(?:day|hd|pod|d)[ \t]*#?[ \t]*\d{1,3}$", re.I)
_ORDINAL = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$", re.I)
#: a date without digits must name a month or a holiday ("March", "Christmas Eve", "Labor Day")
DATE_WORDS = frozenset("""
january february march april may june july august september october november december jan feb mar apr
jun jul aug sep sept oct nov dec christmas xmas thanksgiving easter passover hanukkah chanukah ramadan
eid kwanzaa halloween valentine valentine's new year year's years eve labor memorial veterans
independence columbus presidents mlk patriots fourth july mother's father's rosh hashanah yom kippur
diwali lunar
""".split())

_NUMERIC = re.compile(r"^[\d\s./:()+\-<>~%x]+$", re.I)
# one decimal number is a value (a temperature, a level), never a whole date, phone or age: "(1.4)"
_DECIMAL = re.compile(r"^\(?\d{1,3}\.\d{1,3}\)?$")
_TIME_RANGE = re.compile(r"^(?:[01]\d|2[0-3])[0-5]\d\s*-\s*(?:[01]\d|2[0-3])[0-5]\d$")

_CUE_BEFORE = re.compile(
    r"(?:\b(?:dr|mr|mrs|ms|miss|mx|prof|rev|fr|sister|brother|wife|husband|son|daughter|mother|father|mom|"
    r"dad|niece|nephew|aunt|uncle|cousin|friend|neighbor|partner|fiance|fiancee|granddaughter|grandson|"
    r"attending|resident|intern|fellow|nurse|rn|np|pa|md)\.?,?\s+|\b(?:name|patient|pt name)\s*:\s*)$",
    re.I,
)
#: words before a credential that name a shift, a post or an action, not a person: "per DAY RN",
#: "charge RN", "Paged MD"
ROLE_WORDS = frozenset("""
day days night nights noc eve evening evenings am pm charge primary bedside floor unit icu wound resource
float travel traveler agency triage covering oncoming admitting receiving sending paged called notified
spoke per the on-call oncall call previous prior same
""".split())
_CUE_AFTER = re.compile(r"^,?\s*(?:rn|md|np|pa-c|pa|do|lpn|cna|rt|pt|ot|msw|lcsw|phd)\b\.?", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'&-]*")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")


# ", M.D", " RN", ", NP" after a name: the credential is no part of it ("HOLLIS BRANDT, M.D")
_CREDENTIAL_TAIL = re.compile(
    r",?\s+(?:m\.?d|d\.?o|r\.?n|n\.?p|pa-c|p\.?a|phd|msw|lcsw|rph|pharmd)\.?$", re.I
)


#: words that end the name of a hospital or a practice: a model often stops one word short ("MERCY
#: [REGIONAL]", "Greenleaf Neurology [Associates]", "St. Anselm['s]")
INSTITUTION_TAIL = frozenset("""
regional rehab rehabilitation hospital hospitals medical center centre clinic clinics health healthcare
memorial general community university specialty nursing manor village associates group partners
institute infirmary hospice pavilion campus
""".split())
_NEXT_WORD = re.compile(r"[ \t]([A-Za-z][A-Za-z'&-]*)")


def _whole_institution(text: str, span: Span) -> Span:
    """A hospital or organization span run on over its possessive and the capitalised words that end
    such names."""
    end = span.end
    while True:
        if text.startswith(("'s", "’s"), end):
            end += 2
            continue
        m = _NEXT_WORD.match(text, end)
        if m is None or m.group(1).lower() not in INSTITUTION_TAIL or not m.group(1)[0].isupper():
            break
        end = m.end()
    return span if end == span.end else Span(span.start, end, span.phi_type, span.score, span.source)


def _without_credential(text: str, span: Span) -> Span:
    m = _CREDENTIAL_TAIL.search(text, span.start, span.end)
    if m is None or m.start() <= span.start:
        return span
    return Span(span.start, m.start(), span.phi_type, span.score, span.source)


def _unpronounceable(value: str) -> bool:
    words = [w for w in _WORD.findall(value) if len(w) > 1]
    return bool(words) and all(len(w) >= 3 and not _VOWEL.search(w) for w in words)


def _line_before(text: str, span: Span, width: int = 40) -> str:
    """Up to ``width`` characters before the span, on its line: where its cues stand."""
    line_start = text.rfind("\n", 0, span.start) + 1
    return text[max(line_start, span.start - width):span.start]


def _entry_times(value: str) -> bool:
    parts = re.findall(r"\d+", value)
    return bool(parts) and all(CLOCK_TIME.fullmatch(part) for part in parts)


def _job_words(value: str) -> list[str]:
    return [w for w in re.split(r"[\s-]+", value.lower().strip(" .,")) if w]


def _staff_role(value: str) -> bool:
    words = _job_words(value)
    return bool(words) and all(w in STAFF_ROLES or _STAFF_SUFFIX.search(w) for w in words)


def _job_cue(text: str, span: Span) -> bool:
    """ "is a", "retired", "works as"... shortly before the span, on its line."""
    return bool(_OWN_JOB.search(_line_before(text, span)))


def _abbreviations_in_prose(text: str, words: list[str]) -> bool:
    """Every word is in capitals in a note that writes in mixed case (under a third of its letters upper)."""
    if not all(w.isupper() for w in words):
        return False
    letters = sum(c.isalpha() for c in text)
    return letters > 0 and sum(c.isupper() for c in text) < letters / 3


def _capitalized(text: str) -> bool:
    """Whether a note uses capitals as prose does (not an all-lower-case note): 2%+ of its letters."""
    letters = sum(c.isalpha() for c in text)
    return letters > 0 and sum(c.isupper() for c in text) >= 0.02 * letters


def _date_cue(text: str, span: Span) -> bool:
    words = re.findall(r"[A-Za-z/']+", _line_before(text, span, 30))
    return any(w.lower() in DATE_CUES or w.lower() == "s/p" for w in words[-3:])


def _not_a_date(value: str) -> bool:
    """Shapes no date has: no digit and no month or holiday word ("Febrile"), a decimal before a slash
    ("7.46/30/62", an ABG), a month over 12 in a two-part date ("24/7")."""
    if value.strip() == "may":  # the verb: "HA may persist"
        return True
    if not any(c.isdigit() for c in value):
        words = re.findall(r"[a-z']+", value.lower())
        return not any(w in DATE_WORDS for w in words)
    if re.match(r"^\d+\.\d+/", value):
        return True
    pair = re.fullmatch(r"(\d{1,2})/(\d{1,2})", value.strip())
    # month first, as US notes write dates: "24/7" is a rate, not a date ("9/92" is a month and year)
    return bool(pair) and int(pair.group(1)) > 12


@lru_cache(maxsize=2)
def _word_list(name: str) -> frozenset[str]:
    data = resources.files("phideid").joinpath("data", name).read_bytes()
    text = (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")
    return frozenset(t.lower() for t in parse_terms(text.splitlines()))


def clinical_terms() -> frozenset[str]:
    """The shipped clinical word list (drugs, abbreviations), lower case."""
    return _word_list("clinical_terms.txt")


def common_words() -> frozenset[str]:
    """The shipped English words that are not names, lower case."""
    return _word_list("common_words.txt.gz")


@dataclass(frozen=True)
class ClinicalVeto:
    """Drops spans that are clinical text (see the module docstring); ``allow`` adds the allow-list."""

    allow: AllowList
    terms: frozenset[str]
    #: English words that are not names; None: the shipped list, read at first use (it is large)
    words: frozenset[str] | None = None
    numbers: ClinicalNumberGuard = field(default_factory=ClinicalNumberGuard)

    @classmethod
    def load(cls, allow: AllowList | None = None) -> ClinicalVeto:
        return cls(allow if allow is not None else AllowList.load(), clinical_terms())

    @property
    def _everyday(self) -> frozenset[str]:
        return common_words() if self.words is None else self.words

    def keep(self, text: str, span: Span) -> bool:
        """False when ``text[span.start:span.end]`` is clinical text, not PHI."""
        value = text[span.start:span.end]
        if span.phi_type is PhiType.PROFESSION and _staff_role(value) and _job_cue(text, span):
            return True  # "pt is a retired pharmacist": a care-team word, but here someone's job
        if self.allow.allows(value):
            return False
        age = _AGE.match(value.strip())
        if age and int(age.group(1)) < 90 and (span.phi_type is PhiType.AGE or age.group(0) != age.group(1)):
            return False
        if span.phi_type is PhiType.AGE and age and int(age.group(1)) > 120:
            return False
        # a clock time HHMM ("2200", "1620"); a date may be a year ("2015"), so this judges other types
        if (span.phi_type is not PhiType.DATE and CLOCK_TIME.fullmatch(value.strip())
                and not _BEFORE_EXTENSION.search(text[max(0, span.start - 12):span.start])):
            return False
        if span.phi_type is PhiType.DATE and _DASHED_PAIR.match(value.strip()) and not _date_cue(text, span):
            return False
        if _NOT_AN_ID.match(value.strip()) or _DURATION.match(value.strip()):
            return False
        if _ROMAN.match(value.strip()) and span.phi_type not in WORD_TYPES:  # "APACHE II" is no phone
            return False
        if span.phi_type in PERSON_TYPES and value.strip(" .").lower() in _TITLES:
            return False  # "Mr" alone: the title is no part of a name
        digits = sum(c.isdigit() for c in value)
        if span.phi_type is PhiType.DATE and value.strip().isdigit() and not _DIGIT_DATE.match(value.strip()):
            return False  # "02108" is a ZIP code, "0712" a time: a date of digits alone is a year or 6/8 long
        if span.phi_type in (PhiType.PHONE, PhiType.FAX) and digits < 4:  # "7", "77": no phone number
            return False
        if (span.phi_type is PhiType.DATE and re.fullmatch(r"\d{1,2}", value.strip())
                and not _MONTH_BEFORE.search(text[max(0, span.start - 16):span.start])):
            return False  # a bare day number is a count or a value unless a month precedes it
        if span.phi_type in WORD_TYPES and (not re.search(r"[A-Za-z]", value) or value.strip() in ("a", "i")):
            return False  # a name, a place or a trade has letters: "59" or the article "a" are none
        if span.phi_type in WORD_TYPES - PERSON_TYPES - {PhiType.PROFESSION} and all(
                w.lower() in GENERIC_PLACE_WORDS for w in _WORD.findall(value)):
            return False
        if span.phi_type is PhiType.PROFESSION and self._not_a_job(text, span, value):
            return False
        if span.phi_type in (PhiType.HOSPITAL, PhiType.ORGANIZATION, PhiType.LOCATION) and all(
                w.lower() in _PLACE_PARTS for w in _WORD.findall(value)):
            return False
        if span.phi_type in PERSON_TYPES and self._role(text, span, value):
            return False
        if span.phi_type in PERSON_TYPES and _unpronounceable(value) and not _TITLE_BEFORE.search(
                text[max(0, span.start - 12):span.start]):
            return False  # "RVSP", "CXR": no name of three letters or more lacks a vowel ("Ng" has two)
        if span.phi_type in WORD_TYPES:
            return not (self._clinical_words(text, span, value) or self._eponym(text, span))
        if span.phi_type is PhiType.DATE and (self._time_words(text, span) or _not_a_date(value)
                                              or _DAY_COUNT.match(value.strip())):
            return False
        if span.phi_type is PhiType.DATE and "\n" in value and _entry_times(value):
            return False  # "0300.\n0330": two entry times, one per line
        if _NUMERIC.match(value) and any(c.isdigit() for c in value):
            return not (_TIME_RANGE.match(value.strip()) or _DECIMAL.match(value.strip())
                        or self.numbers.reason(text, span.start, span.end, span.phi_type))
        return True

    def filter(self, text: str, spans: Sequence[Span]) -> list[Span]:
        """The spans of ``text`` that are not clinical text, names cut before a trailing credential,
        hospitals run on to the last word of their name."""
        out = []
        for span in spans:
            if span.phi_type in PERSON_TYPES:
                span = _without_credential(text, span)
            elif span.phi_type in (PhiType.HOSPITAL, PhiType.ORGANIZATION):
                span = _whole_institution(text, span)
            if self.keep(text, span):
                out.append(span)
        return out

    def _clinical_words(self, text: str, span: Span, value: str) -> bool:
        # a lone letter ("Child-Pugh C", "J.") neither makes nor breaks the judgement
        words = [w for w in _WORD.findall(value) if len(w) > 1]
        if not words:
            return False
        # a person's name is rarely an everyday word once common names are out; neither is a proper
        # noun written in lower case inside a note that uses capitals ("hospital", "scissors", "and");
        # a trade is ("machinist")
        person = span.phi_type in PERSON_TYPES or (
            value.islower() and span.phi_type is not PhiType.PROFESSION and _capitalized(text))

        everyday = self._everyday

        def known(word: str) -> bool:
            low = word.lower()
            return low in self.terms or (person and low in everyday) or self.allow.allows(word)

        if not all(known(w) for w in words):
            return False
        before = _line_before(text, span)
        after = text[span.end:span.end + 12]
        if all(w.lower() in everyday and w.lower() not in self.terms for w in words):
            # everyday words: a relation word is often followed by an adjective ("daughter tearful"),
            # so only a title ("Dr. Day") or a credential after them makes them a name
            return not (_TITLE_BEFORE.search(before) or _CUE_AFTER.match(after))
        if (_CUE_AFTER.match(after) and not _CUE_BEFORE.search(before)
                and _abbreviations_in_prose(text, words)):
            return True  # "anxious re: LVAD, CHF NP spoke": in prose, capitals are abbreviations
        return not (_CUE_BEFORE.search(before) or _CUE_AFTER.match(after))

    def _eponym(self, text: str, span: Span) -> bool:
        """A word before "score", "esophagus", "catheter"... or after "ligament of": an eponym, unless a
        title precedes it."""
        before = _line_before(text, span)
        if not (_EPONYM_HEAD.match(text[span.end:span.end + 24]) or _EPONYM_OF.search(before)
                or _PROCEDURE_BEFORE.search(before) or text[span.start:span.end].lower().endswith("-type")):
            return False
        return not _CUE_BEFORE.search(before)

    @staticmethod
    def _not_a_job(text: str, span: Span, value: str) -> bool:
        """A demographic word, a relative, or a care-team role without a cue that it is someone's job."""
        words = _job_words(value)
        if words and all(w in NOT_PROFESSIONS for w in words):
            return True
        return _staff_role(value) and not _job_cue(text, span)

    @staticmethod
    def _role(text: str, span: Span, value: str) -> bool:
        """A shift, a post or an action before a credential ("DAY RN", "Paged MD"), no title before."""
        words = _WORD.findall(value)
        if not words or not all(w.lower() in ROLE_WORDS for w in words):
            return False
        return (bool(_CUE_AFTER.match(text[span.end:span.end + 12]))
                and not _TITLE_BEFORE.search(_line_before(text, span)))

    @staticmethod
    def _time_words(text: str, span: Span) -> bool:
        words = text[span.start:span.end].lower().replace(",", " ").replace(".", " ").split()
        if not words or not all(w in TIME_WORDS or _ORDINAL.match(w) for w in words):
            return False
        if any(_ORDINAL.match(w) for w in words):
            # "1st hour", "2nd dose" count; "on the 14th", "the 22nd at 10am" are dates
            after = re.match(r"\s*([A-Za-z]+)", text[span.end:span.end + 20])
            return after is not None and after.group(1).lower() not in ("of", "at", "in", "and", "or")
        return True

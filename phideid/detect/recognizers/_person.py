"""Regex fragments for names next to a title or a credential ("Dr. Wong", "Jane Wong, RN")."""

from __future__ import annotations

#: capitalised words that follow "Dr." or precede ", MD" without being a name ("Dr. Visit", "Attending
#: Jane Wong, MD", "seen by the Dr. He said")
STOP_WORDS = (
    "A An And Are As At Be But By Can Could Did Do Does For From Had Has Have He Her Here His How I If In "
    "Is It Its May Me My No Not Of On Or Our She So That The Their Them Then There These They This To Today "
    "Tomorrow Tonight Us Was We Were What When Where Which Who Will With Would Yesterday You Your "
    "Visit Visits Office Offices Appointment Appointments Note Notes Order Orders Recommendation "
    "Recommendations Consult Consults Consultation Service Services Team Teams Clinic Call Called Calls "
    "Attending Resident Fellow Fellows Intern Nurse Nursing Doctor Doctors Physician Physicians Surgeon "
    "Surgeons Provider Providers Patient Patients Seen Spoke Discussed Per Cc Signed Electronically "
    "Dictated Reviewed Attestation Case Manager Social Worker Primary Care Charge Admitting Consulting "
    "Referring Covering Plan Assessment History Exam Impression Follow Followup Up Said Says Notified "
    "Paged Aware Agrees Agreed Recommends Recommended Feels Thinks Review Signature Cosigned Note "
    # all-caps and form-style notes: "DR. WONG SAW PT", "Patient: Alert and oriented"
    "Saw Pt Pts Came Gave Ordered Started Stopped Held Re Regarding About Present Bedside Alert Oriented "
    "Awake Pleasant Stable Comfortable Denies Reports States Complains Presents Presented Admitted "
    "Discharged Male Female Afebrile Unknown None Name Age Sex Dob Mrn Date Room Bed Unit Also Now "
    # role and section abbreviations that stand before names in all-caps words: "PCP Jane Wong, MD"
    "Pcp Er Icu Ccu Micu Sicu Nicu Picu Pacu Or Ent Gi Id Hpi Ros Pmh Cc Np Pa Rn Md Do Attn Fyi Bid "
    "Tid Qid Prn Npo Dnr Dni Pt Ot Slp Cm Sw Ccm Hcp Poa "
    # shifts and roles before a credential, verbs after a relation word: "EVENING RN", "NOC RN",
    # "WOUND RN", "PER DAY RN", "DAUGHTER VISITED, BROUGHT MUSIC" ("Dr. Day" is left to the model)
    "Morning Afternoon Evening Day Days Night Noc Overnight Oncoming Float Resource Agency Travel Triage "
    "Wound "
    # a title is no name: "seen by Dr. B" names "B"
    "Dr Drs Mr Mrs Ms Miss Mx Prof "
    "Visited Visiting Brought Hd Hr Rt Ltach Snf"
).split()

# case-insensitive, so "DR. VISIT" and "dr. visit" are no more a name than "Dr. Visit"
_STOP = r"(?!(?i:" + "|".join(sorted(set(STOP_WORDS), key=len, reverse=True)) + r")\b)"
_TITLE_CASE = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z]+(?:[\-'’][A-Z][a-z]+)*"
_UPPER_CASE = r"(?:O['’]|D['’])?[A-Z]{2,}(?:[\-'’][A-Z]{2,})*"
_LOWER_CASE = r"(?:o['’]|d['’])?[a-z]{2,}(?:[\-'’][a-z]{2,})*"
#: one capitalised name word: "Wong", "O'Neil", "McDonald", "Smith-Jones"
NAME_WORD = _STOP + rf"(?:{_TITLE_CASE})\b"
#: a name word of an all-caps note as well: "WONG", "O'NEIL"
CAPITAL_NAME_WORD = _STOP + rf"(?:{_TITLE_CASE}|{_UPPER_CASE})\b"
#: a name word of an all-lowercase note as well ("dr. o'neil"); used only right after a title
ANY_CASE_NAME_WORD = _STOP + rf"(?:{_TITLE_CASE}|{_UPPER_CASE}|{_LOWER_CASE})\b"
#: lower-case parts inside a name: "Van der Berg", "da Silva", "bin Laden", "de la Cruz"
PARTICLES = r"(?:(?:van|von|der|den|de|del|della|di|da|du|la|le|dos|das|bin|ibn|al|el|ten|ter)[ \t]){0,2}"
#: "J.", "J. R." before a surname
INITIALS = r"(?:[A-Z]\.[ \t]*){1,2}"


def name_sequence(word: str, most: int) -> str:
    """1 to ``most`` name words, with initials first, middle initials and particles between words."""
    # one space between the words of a name: columns of a form ("Dr. Wong   PCP: ...") are not one name
    return rf"(?:{INITIALS})?{word}(?:[ \t](?:[A-Z]\.?[ \t])?{PARTICLES}{word}){{0,{most - 1}}}"


#: after a title: "Wong", "Jane Wong", "J. Wong", "Jane B. Wong", "Mary-Kate Van der Berg", "JANE WONG"
NAME_AFTER_TITLE = name_sequence(CAPITAL_NAME_WORD, 3)
#: before a credential: up to three name words ("Jane Wong, RN", "WONG, MD"), or "Smith, John MD"
NAME_BEFORE_CREDENTIAL = (
    rf"(?:{CAPITAL_NAME_WORD},[ \t]+{CAPITAL_NAME_WORD}(?:[ \t]+[A-Z]\.?)?"
    rf"|{name_sequence(CAPITAL_NAME_WORD, 3)})"
)

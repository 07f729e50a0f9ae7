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
    "Paged Aware Agrees Agreed Recommends Recommended Feels Thinks Review Signature Cosigned Note"
).split()

_STOP = r"(?!(?:" + "|".join(sorted(set(STOP_WORDS), key=len, reverse=True)) + r")\b)"
#: one capitalised name word: "Wong", "O'Neil", "McDonald", "Smith-Jones"
NAME_WORD = _STOP + r"(?:(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z]+(?:[\-'’][A-Z][a-z]+)*)\b"
#: "J.", "J. R." before a surname
INITIALS = r"(?:[A-Z]\.[ \t]*){1,2}"
#: after a title: "Wong", "Jane Wong", "J. Wong", "Jane B. Wong"
NAME_AFTER_TITLE = rf"(?:{INITIALS})?{NAME_WORD}(?:[ \t]+(?:[A-Z]\.[ \t]+)?{NAME_WORD})?"
#: before a credential: up to three name words, initials allowed
NAME_BEFORE_CREDENTIAL = rf"(?:{INITIALS})?{NAME_WORD}(?:[ \t]+(?:[A-Z]\.?[ \t]+)?{NAME_WORD}){{0,2}}"

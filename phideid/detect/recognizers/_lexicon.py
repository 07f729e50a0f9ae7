"""Regex fragments several recognizers share: label separators, month names, US states."""

from __future__ import annotations

from collections.abc import Iterable

#: after a label word: "MRN: ", "Acct # ", "policy no. ", "member id is "
LABEL_TAIL = r"[ \t]*(?:\#|no\.?|nbr|num(?:ber)?|id)?[ \t]*[:#=.\-]?[ \t]*(?:is[ \t]+)?"


def after_label(words: Iterable[str]) -> str:
    """A lookbehind that holds when one of ``words`` (regex alternatives) labels what follows."""
    # "\b" first: a cheap test that keeps the variable-width lookbehind off most positions
    return r"\b(?<=\b(?:" + "|".join(words) + r")" + LABEL_TAIL + r")"


#: labels of every kind of number: a "bare" number is one that none of them labels
ANY_NUMBER_LABEL = (
    r"mrn|mr\#|record|chart|acct|account|billing|fin|encounter|invoice|member(?:[ \t]+id)?|subscriber|"
    r"policy|group|medicare|medicaid|insurance|mbi|licen[cs]e|lic|cert(?:ificate)?|dea|npi|ssn|ss\#|"
    r"serial|s/n|sn|device|pgr|pager|beeper|phone|tel|cell|mobile|fax|zip|accession|order|lot|id"
)


def not_after_label() -> str:
    """A negative lookbehind: no label of any kind right before ("Acct #: 987654" is not a bare MRN)."""
    return r"(?<!\b(?:" + ANY_NUMBER_LABEL + r")" + LABEL_TAIL + r")"


#: an identifier token: letters, digits and inner dashes, 4 to 24 long; recognizers require at least one digit
ID_TOKEN = r"[A-Z0-9][A-Z0-9\-]{2,22}[A-Z0-9]"

#: a month name; "May" and "Dec" only capitalised: nurses write "may" (the verb) and "dec" (decreased:
#: "propofol dec 10", "K 6.1 may be hemolyzed") far more often than the month in lower case
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May|MAY)|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|december|(?-i:Dec|DEC))"
)

STATE_ABBREVIATIONS = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP"
).split()

STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|"
    "Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|"
    "Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|"
    "New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|"
    "South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|"
    "Wisconsin|Wyoming|Puerto Rico"
).split("|")

#: "MA", "Mass.", "Massachusetts" (case-sensitive: "in" and "or" are not Indiana and Oregon)
STATE = (
    r"(?:"
    + "|".join(sorted(STATE_NAMES, key=len, reverse=True))
    + r"|(?:"
    + "|".join(STATE_ABBREVIATIONS)
    + r")\b)"
)

ZIP = r"\d{5}(?:-\d{4})?"

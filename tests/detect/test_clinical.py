"""The clinical veto: drug names, abbreviations, measurements and time words a model took for PHI are
dropped; the same words after a name cue, real dates, phones and ages over 89 are kept."""

from __future__ import annotations

import pytest

from phideid.detect.allowlist import AllowList
from phideid.detect.clinical import ClinicalVeto, clinical_terms
from phideid.types import PhiType, Span

T = PhiType


@pytest.fixture(scope="module")
def veto() -> ClinicalVeto:
    return ClinicalVeto.load()


def _span(text: str, value: str, phi_type: PhiType) -> Span:
    start = text.index(value)
    return Span(start, start + len(value), phi_type, 0.9, "ner")


@pytest.mark.parametrize(("text", "value", "phi_type"), [
    ("started on Zyvox 600 mg IV", "Zyvox", T.DOCTOR),
    ("cont coumadin, INR 2.3", "coumadin", T.RELATIVE),
    ("NEO WEANED TO OFF", "NEO", T.DOCTOR),
    ("CIWA 12, ativan 2mg given", "CIWA", T.RELATIVE),
    ("transferred from MICU overnight", "MICU", T.HOSPITAL),
    ("d/c plan: rehab vs homecare", "homecare", T.HOSPITAL),
    ("BP 95/42, HR 110-120", "95/42", T.DATE),
    ("BP 95/42, HR 110-120", "110-120", T.PHONE),
    ("Cr 2.1 (1.4)", "1.4", T.DATE),
    ("K 3.2->4.0 after repletion", "4.0", T.DATE),
    ("slept 0300-0500", "0300-0500", T.PHONE),
    ("PS 10/5, PEEP 5", "10/5", T.DATE),
    ("UOP 30-50 cc/hr", "30-50", T.PHONE),
    ("T 99.4 po", "99.4", T.AGE),
    ("will f/u tomorrow", "tomorrow", T.DATE),
    ("family in Monday am", "Monday", T.DATE),
    ("in the 1st hour", "1st", T.DATE),
    ("Patient: Mr. Harold Jenkins", "Mr", T.PATIENT),
    ("Boston, MA 02108", "02108", T.DATE),
    ("Barrett's esophagus on PPI", "Barrett", T.DOCTOR),
    ("Wells score 6, CTA ordered", "Wells", T.DOCTOR),
    ("DAUGHTER TEARFUL, UPDATED", "TEARFUL", T.RELATIVE),
    ("transferred from THE HOSPITAL", "THE HOSPITAL", T.HOSPITAL),
    ("a 77-year-old man", "77-year-old", T.DATE),
    ("Pt 82F admitted", "82F", T.DATE),
    ("APACHE II 24", "II", T.PHONE),
    ("closed with #3-0 Vicryl", "#3-0", T.IDNUM),
    ("disc herniation at L4-L5", "L4-L5", T.PHONE),
    ("f/u cx in 48-72h", "48-72h", T.PHONE),
    ("nursing available 24/7", "24/7", T.DATE),
    ("ABG on HFNC: 7.46/30/62", "7.46/30/62", T.DATE),
    ("HA may persist 1-2 wks", "1-2", T.DATE),
    ("ID: AFEBRILE, ZOSYN", "AFEBRILE", T.DATE),
    ("at 2200 pt restless", "2200", T.PHONE),
    ("grip 4/5 bilat, 12 beats", "12", T.DATE),
    ("chaplain visited", "chaplain", T.PROFESSION),
    ("SKIN: SACRUM INTACT", "SACRUM", T.PATIENT),
    ("tophus on L olecranon", "tophus", T.DOCTOR),
    ("presented to the Emergency Department", "Emergency Department", T.HOSPITAL),
    ("to Postanesthesia Care Unit, stable", "Postanesthesia Care Unit", T.HOSPITAL),
    ("lamina removed with a Kerrison rongeur", "Kerrison", T.DOCTOR),
    ("the ligament of Treitz was identified", "Treitz", T.DOCTOR),
    ("a McIvor-type mouth gag", "McIvor-type", T.ORGANIZATION),
    ("check with pharmacist re: dosing", "pharmacist", T.PROFESSION),
    ("induced by the anesthesiologist", "anesthesiologist", T.PROFESSION),
    ("BASELINE PER DAY RN", "DAY", T.DOCTOR),
    ("Paged MD again at 0530", "Paged", T.DOCTOR),
    ("EF 35%, mod MR, RVSP 45", "RVSP", T.PATIENT),
    ("Hem/Onc Progress Note, Day 12 of admission", "Day 12", T.DATE),
    ("POD #3 s/p lap chole", "POD #3", T.DATE),
    ("pt in 11 came back from CT at 1800", "CT", T.HOSPITAL),
    ("FROM PACU FOLLOWING ESOPHAGECTOMY (IVOR LEWIS). EXTUBATED", "IVOR LEWIS", T.PATIENT),
    ("Daughter notified at 0300.\n0330: pt resting", "0300.\n0330", T.DATE),
    ("Pt asks many questions, anxious re: LVAD, CHF NP spoke w/ pt about the plan", "LVAD, CHF", T.DOCTOR),
    ("ETT 4CM ABOVE CARINA. RN AWARE", "CARINA", T.DOCTOR),
    ("ETT 7.5 23 AT TEETH", "7.5 23", T.DATE),
])
def test_clinical_text_is_dropped(veto, text, value, phi_type):
    assert not veto.keep(text, _span(text, value, phi_type))


@pytest.mark.parametrize(("text", "value", "phi_type"), [
    ("seen by Dr. Okafor today", "Okafor", T.DOCTOR),
    ("wife Hope called", "Hope", T.RELATIVE),
    ("admitted 3/14 from OSH", "3/14", T.DATE),
    ("call son at 617-555-0182", "617-555-0182", T.PHONE),
    ("pager 4-2231", "4-2231", T.PHONE),
    ("93 yo F", "93", T.AGE),
    ("CABG in 2009", "2009", T.DATE),
    ("pt from Worcester", "Worcester", T.CITY),
    ("on 03/14/2019 BP 95/42", "03/14/2019", T.DATE),
    ("Ph: 617-555-0182", "617-555-0182", T.PHONE),
    ("3/14 HR 110s", "3/14", T.DATE),
    ("3/14 Mg 1.8", "3/14", T.DATE),
    ("pt 3/14 seen", "3/14", T.DATE),
    ("SAH s/p coiling 3-14, EVD @ 15", "3-14", T.DATE),
    ("surgery on the 14th.", "14th", T.DATE),
    ("born in 1987", "1987", T.DATE),
    ("since Sept 2023", "Sept 2023", T.DATE),
    ("family visiting for Thanksgiving", "Thanksgiving", T.DATE),
    ("call pager 2231", "2231", T.PHONE),
    ("d/w Dr. Wells", "Wells", T.DOCTOR),
    ("she works as a machinist", "machinist", T.PROFESSION),
    ("lives in Worcester", "Worcester", T.CITY),
    ("Mercy General called", "Mercy General", T.HOSPITAL),
    ("transferred from Mercy Medical Center", "Mercy Medical Center", T.HOSPITAL),
    ("pt is a retired pharmacist", "pharmacist", T.PROFESSION),
    ("daughter is a nurse at Mercy", "nurse", T.PROFESSION),
    ("d/w Dr. Jackson table side", "Jackson", T.DOCTOR),
    ("Nolan Fitch RN aware", "Nolan Fitch", T.DOCTOR),
    ("seen by Dr. Ng", "Ng", T.DOCTOR),
    ("wife Lynn called", "Lynn", T.RELATIVE),
    ("Pt seen by Ivor Lewis NP today", "Ivor Lewis", T.DOCTOR),
    ("seen by ROWE NP", "ROWE", T.DOCTOR),
    ("visits planned for March\nApril", "March\nApril", T.DATE),
])
def test_phi_is_kept(veto, text, value, phi_type):
    assert veto.keep(text, _span(text, value, phi_type))


def test_a_name_cue_keeps_a_word_of_the_clinical_list():
    veto = ClinicalVeto(AllowList.from_terms([]), frozenset({"zyvox"}))
    assert not veto.keep("on Zyvox", _span("on Zyvox", "Zyvox", T.DOCTOR))
    for text in ("d/w Dr. Zyvox", "daughter Zyvox called", "Zyvox RN aware"):
        assert veto.keep(text, _span(text, "Zyvox", T.DOCTOR)), text


def test_a_sites_allow_list_reaches_the_veto(tmp_path):
    extra = tmp_path / "site.txt"
    extra.write_text("Cerner\n", encoding="utf-8")
    veto = ClinicalVeto.load(AllowList.load([extra]))
    assert not veto.keep("charted in Cerner", _span("charted in Cerner", "Cerner", T.ORGANIZATION))


def test_the_shipped_list_holds_drugs_not_common_names():
    terms = clinical_terms()
    assert {"vancomycin", "furosemide", "lasix", "zosyn", "haldol"} <= terms
    assert not {"hope", "will", "young", "mark", "lee", "ward", "rose"} & terms


def test_a_trailing_credential_is_cut_off_a_name(veto):
    text = "DICTATED BY: HOLLIS BRANDT, M.D."
    span = _span(text, "HOLLIS BRANDT, M.D", T.DOCTOR)
    (kept,) = veto.filter(text, [span])
    assert text[kept.start:kept.end] == "HOLLIS BRANDT"


def test_no_gold_span_of_the_hand_written_sets_is_dropped(veto):
    from pathlib import Path

    from phideid.gold import read_gold

    root = Path(__file__).resolve().parents[2]
    dropped = []
    for path in (root / "eval" / "data" / "dev", root / "eval" / "data" / "synthetic_gold.jsonl",
                 root / "training" / "seeds"):
        for note in read_gold(path):
            for s in note.spans:
                if not veto.keep(note.text, Span(s.start, s.end, PhiType(s.label), 0.9, "ner")):
                    dropped.append((note.id, s.label))
    assert not dropped


@pytest.mark.parametrize(("text", "found", "whole"), [
    ("PT ADMITTED FROM MERCY REGIONAL AT 0210", "MERCY", "MERCY REGIONAL"),
    ("transferred from St. Anselm's in Bend", "St. Anselm", "St. Anselm's"),
    ("followed at Greenleaf Neurology Associates, seizure-free", "Greenleaf Neurology",
     "Greenleaf Neurology Associates"),
    ("d/c to Brookhaven rehab later", "Brookhaven", "Brookhaven"),  # lower case: no part of the name
])
def test_a_hospital_runs_to_the_end_of_its_name(veto, text, found, whole):
    (kept,) = veto.filter(text, [_span(text, found, T.HOSPITAL)])
    assert text[kept.start:kept.end] == whole

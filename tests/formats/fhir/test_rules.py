"""The rules file is data a user edits: a site's copy takes effect, and a bad one stops the start-up."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from phideid.errors import ConfigError
from phideid.formats.fhir import FhirHandler
from phideid.formats.fhir.rules import Rule, load_rules
from phideid.types import PhiType
from tests.formats.fhir import fixtures as fx


def shipped_text() -> str:
    return resources.files("phideid").joinpath("data", "fhir", "rules.yaml").read_text(encoding="utf-8")


def test_shipped_rules_load_and_resolve_paths():
    rules = load_rules()
    assert rules.for_path(("Patient", "name")) == Rule("HumanName", PhiType.PATIENT)
    assert rules.for_path(("Practitioner", "name")) == Rule("HumanName", PhiType.DOCTOR)
    assert rules.for_path(("Patient", "contact", "name")) == Rule("HumanName", PhiType.RELATIVE)
    assert rules.for_path(("Condition", "birthDate")) == Rule("date")
    assert rules.for_path(("Observation", "code", "text")) is None
    assert rules.for_choice("valueString") == Rule("text")
    assert rules.for_choice("deceasedDateTime") == Rule("date")
    assert rules.for_choice("deceasedBoolean") is None


def test_a_users_rules_file_takes_effect(engine, tmp_path):
    # the site also keeps US Core birth sex, and drops Observation notes entirely
    text = shipped_text().replace(
        "    - http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity\n",
        "    - http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity\n"
        "    - http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex\n",
    ).replace("paths:\n", "paths:\n  Observation.note: remove\n")
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    engine.formats["fhir"] = FhirHandler({"rules": str(path)})
    patient = fx.patient()
    patient["extension"].append(
        {"url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex", "valueCode": "M"})
    out = json.loads(engine.deidentify_payload(fx.dumps(patient), format="fhir").data)
    assert out["extension"][-1] == {"url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex",
                                    "valueCode": "M"}
    obs = json.loads(engine.deidentify_payload(fx.dumps(fx.observation()), format="fhir").data)
    assert "note" not in obs


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("version: '1'\npaths:\n  Patient.name: Humanname(PATIENT)\n", "unknown rule kind"),
        ("version: '1'\npaths:\n  Patient.name: HumanName(HOSPITAL)\n", "role"),
        ("version: '1'\npaths:\n  Patient.name: phi(NOT_A_TYPE)\n", "unknown PHI type"),
        ("version: '1'\npaths:\n  Patient: text\n", "Type.element"),
        ("version: '1'\nextentions: {}\n", "unknown keys"),
        ("version: '2'\n", "version"),
        ("version: '1'\npaths: [oops\n", "not valid YAML"),
    ],
)
def test_a_bad_rules_file_is_a_config_error(tmp_path, yaml_text, message):
    path = tmp_path / "rules.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_rules(path)


@pytest.mark.parametrize(
    "options",
    [{"narative": "remove"}, {"narrative": "strip"}, {"rules": 3}, {"rules": "/nonexistent/rules.yaml"}],
)
def test_bad_options_are_config_errors(options):
    with pytest.raises(ConfigError):
        FhirHandler(options)

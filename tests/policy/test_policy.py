from __future__ import annotations

import pytest

from phideid.errors import PolicyError
from phideid.policy import BUILTIN, Action, KeyScope, load_policy
from phideid.types import PhiType


@pytest.mark.parametrize("name", BUILTIN)
def test_every_builtin_policy_covers_every_phi_type(name):
    policy = load_policy(name)
    assert set(policy.rules) == set(PhiType)
    assert len(policy.digest) == 64


def test_safe_harbor_generalizes_dates_ages_and_zip_and_keeps_no_link():
    policy = load_policy("safe-harbor")
    assert policy.rule(PhiType.DATE).using == "generalize.year.v1"
    assert policy.rule(PhiType.AGE).using == "generalize.age_90plus.v1"
    assert policy.rule(PhiType.ZIP).using == "generalize.zip3.v1"
    assert policy.surrogate_key is KeyScope.DOCUMENT and not policy.reidentifiable
    hipaa_types = [t for t in PhiType if t.hipaa is not None]
    assert all(policy.rule(t).action is not Action.KEEP for t in hipaa_types)


def _write(tmp_path, body: str):
    path = tmp_path / "policy.yaml"
    path.write_text(body)
    return path


BASE = "name: mine\nversion: '2'\n"
DEFAULT = "default: {action: redact, using: redact.tag.v1}\n"


def test_a_user_policy_file_can_keep_a_type(tmp_path):
    path = _write(tmp_path, BASE + "rules:\n  - types: [STATE]\n    action: keep\n" + DEFAULT)
    policy = load_policy(path)
    assert policy.rule(PhiType.STATE).action is Action.KEEP
    assert policy.rule(PhiType.PATIENT).using == "redact.tag.v1"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("rules:\n  - types: [NOPE]\n    action: keep\n" + DEFAULT, "rules.0.types.0"),
        ("rules:\n  - types: [DATE]\n    action: keep\n  - types: [DATE]\n    action: keep\n" + DEFAULT,
         "more than one rule"),
        ("rules:\n  - types: [DATE]\n    action: redact\n    using: surrogate.name.v1\n" + DEFAULT,
         "cannot use"),
        ("rules:\n  - types: [DATE]\n    action: surrogate\n    using: surrogate.nope.v9\n" + DEFAULT,
         "unknown transform"),
        ("rules:\n  - types: [DATE]\n    action: redact\n    using: redact.tag.v1\n    params: {color: red}\n"
         + DEFAULT, "bad params"),
        ("rules:\n  - types: [DATE]\n    action: keep\n", "no default rule"),
        ("rules: []\nsecret: x\n" + DEFAULT, "secret"),
        ("rules: [", "not valid YAML"),
    ],
)
def test_a_bad_policy_stops_loading_with_a_clear_error(tmp_path, body, message):
    with pytest.raises(PolicyError, match=message):
        load_policy(_write(tmp_path, BASE + body))


def test_unknown_policy_name_says_what_exists():
    with pytest.raises(PolicyError, match="safe-harbor"):
        load_policy("hipaa-ish")


def test_the_digest_names_the_exact_policy_text(tmp_path):
    a = load_policy(_write(tmp_path, BASE + "rules: []\n" + DEFAULT))
    b = load_policy(_write(tmp_path, BASE + "rules: []\n" + DEFAULT + "# changed\n"))
    assert a.digest != b.digest

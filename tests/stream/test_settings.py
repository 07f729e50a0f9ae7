"""``phideid stream`` settings as an operator sets them: config file, then PHIDEID_STREAM_* / PHIDEID_KAFKA_*
variables, then the command line; what exactly-once depends on cannot be overridden."""

from __future__ import annotations

import pytest

from phideid.config import load_config
from phideid.errors import ConfigError
from stream.settings import RESERVED_KAFKA, build_settings

REQUIRED = {"bootstrap": "kafka-1:9093", "input_topics": ["adt.raw"], "output_topic": "deid.out",
            "dlq_topic": "deid.dlq"}


def build(file=None, env=None, cli=None, cli_kafka=None):
    return build_settings(REQUIRED if file is None else file, env or {}, cli or {}, cli_kafka or {})


def test_defaults_from_the_required_settings_alone():
    s = build()
    assert s.bootstrap == "kafka-1:9093" and s.input_topics == ["adt.raw"]
    assert (s.group, s.batch_size, s.key_mode, s.dlq_payload) == ("phideid", 64, "keep", False)
    assert s.metrics_port is None and s.metrics_host == "127.0.0.1"
    assert s.kafka == {}


def test_precedence_file_then_env_then_cli():
    file = {**REQUIRED, "batch_size": 10, "group": "file-group", "output_topic": "file.out"}
    env = {"PHIDEID_STREAM_BATCH_SIZE": "20", "PHIDEID_STREAM_GROUP": "env-group"}
    assert build(file).batch_size == 10
    s = build(file, env)
    assert (s.batch_size, s.group, s.output_topic) == (20, "env-group", "file.out")
    s = build(file, env, {"batch_size": 30, "group": None})
    assert (s.batch_size, s.group) == (30, "env-group")  # an option not given (None) does not override


def test_env_input_topics_are_comma_separated():
    s = build(env={"PHIDEID_STREAM_INPUT_TOPICS": " adt.raw, notes.raw ,,fhir.raw"})
    assert s.input_topics == ["adt.raw", "notes.raw", "fhir.raw"]


def test_env_keep_headers_are_comma_separated():
    s = build(env={"PHIDEID_STREAM_KEEP_HEADERS": "trace-id,tenant"})
    assert s.keep_headers == ["trace-id", "tenant"]


def test_env_values_are_typed():
    s = build(env={"PHIDEID_STREAM_DLQ_PAYLOAD": "true", "PHIDEID_STREAM_METRICS_PORT": "9464",
                   "PHIDEID_STREAM_KEY_MODE": "token"})
    assert s.dlq_payload is True and s.metrics_port == 9464 and s.key_mode == "token"


def test_kafka_client_settings_pass_through_with_precedence():
    file = {**REQUIRED, "kafka": {"security.protocol": "SASL_SSL", "sasl.mechanism": "SCRAM-SHA-512"}}
    s = build(file, {"PHIDEID_KAFKA_SASL_MECHANISM": "PLAIN", "PHIDEID_KAFKA_SASL_USERNAME": "svc"})
    assert s.kafka == {"security.protocol": "SASL_SSL", "sasl.mechanism": "PLAIN", "sasl.username": "svc"}
    s = build(file, {"PHIDEID_KAFKA_SASL_MECHANISM": "PLAIN"}, cli_kafka={"sasl.mechanism": "GSSAPI"})
    assert s.kafka["sasl.mechanism"] == "GSSAPI"


def test_unknown_stream_variable_is_refused_without_echoing_its_value():
    with pytest.raises(ConfigError) as info:
        build(env={"PHIDEID_STREAM_FOO": "s3cret-value"})
    assert "PHIDEID_STREAM_FOO" in str(info.value)
    assert "PHIDEID_STREAM_BATCH_SIZE" in str(info.value)  # says what is known
    assert "s3cret-value" not in str(info.value)


def test_kafka_cannot_be_set_as_a_stream_variable():
    with pytest.raises(ConfigError):
        build(env={"PHIDEID_STREAM_KAFKA": "{}"})


def test_unrelated_variables_are_ignored():
    s = build(env={"PHIDEID_STREAMING": "x", "PHIDEID_POLICY": "redact", "HOME": "/root"})
    assert s.group == "phideid"


@pytest.mark.parametrize("name", sorted(RESERVED_KAFKA))
def test_reserved_kafka_keys_are_refused_from_the_file(name):
    with pytest.raises(ConfigError, match=name.replace(".", r"\.")):
        build({**REQUIRED, "kafka": {name: "x"}})


@pytest.mark.parametrize(("env", "cli_kafka"), [
    ({"PHIDEID_KAFKA_ENABLE_AUTO_COMMIT": "true"}, {}),
    ({"PHIDEID_KAFKA_ISOLATION_LEVEL": "read_uncommitted"}, {}),
    ({}, {"enable.auto.commit": "true"}),
    ({}, {"isolation.level": "read_uncommitted"}),
    ({}, {"transactional.id": "someone-else"}),
])
def test_reserved_kafka_keys_are_refused_from_env_and_cli(env, cli_kafka):
    with pytest.raises(ConfigError, match="exactly-once"):
        build(env=env, cli_kafka=cli_kafka)


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_missing_required_setting_is_refused_and_named(missing):
    file = {k: v for k, v in REQUIRED.items() if k != missing}
    with pytest.raises(ConfigError, match=missing):
        build(file)


def test_nothing_set_names_every_required_setting():
    with pytest.raises(ConfigError) as info:
        build({})
    for name in REQUIRED:
        assert name in str(info.value)


def test_empty_topic_list_is_refused():
    with pytest.raises(ConfigError, match="input_topics"):
        build(env={"PHIDEID_STREAM_INPUT_TOPICS": " , "})


def test_unknown_file_setting_is_refused():
    with pytest.raises(ConfigError, match="batchsize"):
        build({**REQUIRED, "batchsize": 10})


@pytest.mark.parametrize(("size", "ok"),
                         [(0, False), (1, True), (10_000, True), (10_001, False), (-5, False)])
def test_batch_size_bounds(size, ok):
    if ok:
        assert build(cli={"batch_size": size}).batch_size == size
    else:
        with pytest.raises(ConfigError, match="batch_size"):
            build(cli={"batch_size": size})


def test_bad_key_mode_is_refused():
    with pytest.raises(ConfigError, match="key_mode"):
        build(env={"PHIDEID_STREAM_KEY_MODE": "hash"})


def test_default_transactional_id_is_stable_and_names_the_group():
    a, b = build(cli={"group": "deid-a"}), build(cli={"group": "deid-a"})
    assert a.transactional == b.transactional  # a restarted worker fences its own unfinished transaction
    assert "deid-a" in a.transactional
    assert build(cli={"group": "deid-b"}).transactional != a.transactional


def test_explicit_transactional_id_wins():
    s = build(env={"PHIDEID_STREAM_TRANSACTIONAL_ID": "worker-7"})
    assert s.transactional == "worker-7"


def test_settings_are_frozen():
    s = build()
    with pytest.raises(ValueError):
        s.batch_size = 5


def test_config_file_stream_section_reaches_build_settings(tmp_path):
    path = tmp_path / "phideid.yaml"
    path.write_text(
        "policy: pseudonymize\n"
        "stream:\n"
        "  bootstrap: kafka-1.hospital.local:9093\n"
        "  input_topics: [adt.raw, notes.raw]\n"
        "  output_topic: deid.out\n"
        "  dlq_topic: deid.dlq\n"
        "  batch_size: 32\n"
        "  kafka: {security.protocol: SASL_SSL, sasl.mechanism: SCRAM-SHA-512}\n",
        encoding="utf-8")
    config = load_config(path, env={})
    assert config.stream["bootstrap"] == "kafka-1.hospital.local:9093"
    s = build_settings(config.stream, {"PHIDEID_STREAM_BATCH_SIZE": "16"}, {}, {})
    assert s.input_topics == ["adt.raw", "notes.raw"] and s.output_topic == "deid.out"
    assert s.batch_size == 16  # the environment overrides the file
    assert s.kafka == {"security.protocol": "SASL_SSL", "sasl.mechanism": "SCRAM-SHA-512"}


def test_config_file_with_a_reserved_kafka_key_fails_at_build_settings(tmp_path):
    path = tmp_path / "phideid.yaml"
    path.write_text("stream:\n  bootstrap: k:9092\n  input_topics: [a]\n  output_topic: b\n  dlq_topic: c\n"
                    "  kafka: {enable.auto.commit: true}\n", encoding="utf-8")
    config = load_config(path, env={})
    with pytest.raises(ConfigError, match="enable.auto.commit"):
        build_settings(config.stream, {}, {}, {})


def test_config_file_without_stream_section_gives_an_empty_one(tmp_path):
    path = tmp_path / "phideid.yaml"
    path.write_text("policy: pseudonymize\n", encoding="utf-8")
    assert load_config(path, env={}).stream == {}

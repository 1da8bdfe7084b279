"""The devices' tables of the config ([id_card], [scanner], [signal_light]): optional,
checked like every other table, documented in the example file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.config import (
    ConfigError,
    IdCardConfig,
    KioskConfig,
    ScannerConfig,
    SignalLightConfig,
    demo_config,
    load_config,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "config.example.toml"


def _load(tmp_path: Path, body: str) -> KioskConfig:
    path = tmp_path / "kiosk.toml"
    path.write_text("terminal_number = 3\n" + body, encoding="utf-8")
    return load_config(path)


def test_left_out_there_is_no_reader_and_no_light_and_a_keyboard_scanner(tmp_path: Path) -> None:
    config = _load(tmp_path, "")
    assert config.id_card is None and config.signal_light is None
    assert config.scanner == ScannerConfig(connection="keyboard")


def test_each_device_as_a_technician_writes_it(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        '[id_card]\nconnection = "serial"\nport = "/dev/ttyUSB1"\n'
        '[scanner]\nconnection = "evdev"\ndevice = "/dev/input/event7"\ngrab = false\n'
        '[signal_light]\nconnection = "serial"\nport = "COM4"\nchannel = 2\n',
    )
    assert config.id_card == IdCardConfig(connection="serial", port="/dev/ttyUSB1")
    assert config.scanner.device == Path("/dev/input/event7") and not config.scanner.grab
    assert config.signal_light == SignalLightConfig(connection="serial", port="COM4", channel=2)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            '[id_card]\nconnection = "serial"\n',
            'id_card.port: required when id_card.connection = "serial"',
        ),
        ('[id_card]\nconnection = "vendor"\n', "id_card.library: required when"),
        ('[id_card]\nconnection = "usb"\n', "id_card.connection:"),
        ("[id_card]\n", "id_card.connection: required"),
        ('[id_card]\nconnection = "fake"\npoll_s = 0.1\n', "id_card.poll_s:"),
        ('[scanner]\nconnection = "serial"\n', "scanner.port: required when"),
        ('[scanner]\nconnection = "evdev"\n', "scanner.device: required when"),
        ('[scanner]\ngrab = "yes"\n', "scanner.grab:"),
        ('[signal_light]\nconnection = "serial"\n', "signal_light.port: required when"),
        ('[signal_light]\nconnection = "hid"\nchannel = 9\n', "signal_light.channel:"),
        ('[signal_light]\nconnection = "hid"\nblink = 1\n', "signal_light.blink:"),
    ],
)
def test_a_device_table_typed_wrong_is_refused_at_its_key(
    tmp_path: Path, body: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, body)
    assert any(p.startswith(problem) for p in info.value.problems), info.value.problems


@pytest.mark.parametrize(
    ("table", "model"),
    [("id_card", IdCardConfig), ("scanner", ScannerConfig), ("signal_light", SignalLightConfig)],
)
def test_the_example_documents_every_key_of_each_device(table: str, model: type) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert re.search(rf"^(# )?\[{table}\]$", text, re.MULTILINE), table
    section = re.split(rf"^(?:# )?\[{table}\]$", text, flags=re.MULTILINE)[1]
    section = re.split(r"^(?:# )?\[(?!\w+\.)", section, flags=re.MULTILINE)[0]
    for key in model.model_fields:
        assert re.search(rf"^(# )?{key} = ", section, re.MULTILINE), f"{table}.{key}"


def test_the_example_with_its_device_tables_uncommented_loads(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "# terminal_number = 1", "terminal_number = 2"
    )
    for table, first in (("id_card", "connection"), ("signal_light", "connection")):
        text = text.replace(f"# [{table}]\n", f"[{table}]\n")
        section = text.split(f"[{table}]\n", 1)
        head, rest = section[0], section[1]
        lines = rest.split("\n")
        for i, line in enumerate(lines):  # the table's own first key, as a technician would
            if line.startswith(f"# {first} = "):
                lines[i] = line[2:]
                break
        text = head + f"[{table}]\n" + "\n".join(lines)
    text = text.replace('# port = "/dev/ttyUSB1"', 'port = "/dev/ttyUSB1"')
    config = load_config(_write(tmp_path, text))
    assert config.id_card == IdCardConfig(connection="serial", port="/dev/ttyUSB1")
    assert config.signal_light == SignalLightConfig(connection="hid")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "example.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_demo_has_the_fake_reader_and_light(tmp_path: Path) -> None:
    config = demo_config(tmp_path)
    assert config.id_card == IdCardConfig(connection="fake")
    assert config.signal_light == SignalLightConfig(connection="fake")

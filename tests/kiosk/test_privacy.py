"""ID and phone numbers never appear unmasked in logs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk.catalog.loader import Catalog
from kiosk.declarations import Declarations
from kiosk.logsetup import setup_logging
from kiosk.privacy import mask_phone, mask_resident_id, mask_text
from kiosk.samples import company_address_change_answers, sample_credit_code, sample_resident_id
from kiosk.store.database import Store
from tests.conftest import Clock

ID = sample_resident_id()
MOBILE = "13943112345"


def test_masks() -> None:
    assert mask_resident_id(ID) == ID[:6] + "********" + ID[-4:]
    assert mask_phone(MOBILE) == "139****2345"
    line = f"身份证{ID}，手机{MOBILE}，电话0431-81234567，代码{sample_credit_code()}"
    masked = mask_text(line)
    assert ID not in masked and MOBILE not in masked and "81234567" not in masked
    assert "139****2345" in masked and "0431-****4567" in masked
    # credit codes are organisations' public numbers: kept
    assert sample_credit_code() in masked
    # lowercase x and IDs inside longer words
    assert ID[:17] not in mask_text(f"id={ID[:17]}x;")


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    root = logging.getLogger()
    before = list(root.handlers), root.level
    setup_logging("DEBUG", tmp_path / "logs")
    yield tmp_path / "logs" / "kiosk.log"
    for h in root.handlers[:]:
        if h not in before[0]:
            root.removeHandler(h)
            h.close()
    root.setLevel(before[1])


def test_log_file_never_holds_numbers(
    log_file: Path, store: Store, catalog: Catalog, clock: Clock
) -> None:
    log = logging.getLogger("kiosk.test")
    log.info("applicant %s phone %s", ID, MOBILE)
    try:
        raise ValueError(f"bad answer {ID}")
    except ValueError:
        log.exception("while reviewing %s", MOBILE)
    desk = Declarations(store, catalog, 1, clock=clock)
    desk.submit("company-address-change", company_address_change_answers(), {})
    for h in logging.getLogger().handlers:
        h.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "applicant 220102********" in text and "Traceback" in text
    assert "declaration 20261126-01-0001" in text
    for secret in (ID, MOBILE, ID[:14]):
        assert secret not in text

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from kiosk.catalog.loader import Catalog
from kiosk.config import DocumentsConfig, KioskConfig
from kiosk.forms import AnswerValue
from kiosk.i18n import Text
from kiosk.prereview import Outcome, ReviewResult, prereview
from kiosk.samples import SAMPLES
from printer.documents import (
    DocumentContext,
    DocumentKind,
    DocumentPrintError,
    build_commitment,
    build_confirmation,
    build_notice,
    make_context,
    render,
    save_document,
)
from printer.documents.styles import para
from printer.fonts import find_cjk_font

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
pytestmark = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")

REFERENCE = "20261126-03-0007"
URL = f"https://zwfw.jkq.gov.cn/progress?ref={REFERENCE}"
STANDARD_14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
}  # fmt: skip


def context(
    catalog: Catalog,
    item_id: str,
    answers: dict[str, AnswerValue],
    materials: dict[str, bool],
    at: datetime,
    language: str = "zh_CN",
) -> DocumentContext:
    item = catalog[item_id]
    review = prereview(item, answers, materials, at.date())
    config = KioskConfig(terminal_number=3)
    return make_context(
        config,
        find_cjk_font(WQY),
        reference=REFERENCE,
        item=item,
        answers=answers,
        materials=materials,
        review=review,
        submitted_at=at,
        language=language,
    )


def all_present(catalog: Catalog, item_id: str) -> dict[str, bool]:
    return {m.id: True for m in catalog[item_id].materials}


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_text(pdf: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def fonts_of(resources: Any) -> Iterator[DictionaryObject]:
    """Every font in a resource dictionary, also inside form XObjects."""
    resources = resources.get_object() if resources is not None else {}
    for font in resources.get("/Font", {}).values():
        yield font.get_object()
    for xobject in resources.get("/XObject", {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from fonts_of(xobject.get("/Resources"))


def assert_fonts_embedded(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    seen = 0
    for page in reader.pages:
        for font in fonts_of(page.get("/Resources")):
            seen += 1
            base = str(font.get("/BaseFont", "")).lstrip("/")
            assert base.split("+")[-1] not in STANDARD_14, base
            faces = [font]
            if font.get("/Subtype") == "/Type0":
                faces = [d.get_object() for d in font["/DescendantFonts"]]
            for face in faces:
                assert face.get("/Subtype") in ("/TrueType", "/CIDFontType2"), face
                descriptor = face["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, base
    assert seen


def qr_payloads(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    stem = tmp_path / "page1"
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", path, stem],
        check=True,
        timeout=60,
    )
    with Image.open(f"{stem}.png") as image:
        return [r.text for r in zxingcpp.read_barcodes(image)]


@pytest.fixture
def at(clock) -> datetime:
    return clock()


# --- 申报信息确认单 ---------------------------------------------------------------------


def test_confirmation_shows_every_visible_answer(catalog: Catalog, at: datetime) -> None:
    answers = SAMPLES["company-startup"]()
    ctx = context(catalog, "company-startup", answers, all_present(catalog, "company-startup"), at)
    assert ctx.review.outcome is Outcome.PASSED
    pdf = build_confirmation(ctx)
    text = "".join(pages_text(pdf))
    for needle in (
        "申报信息确认单",
        "经开区政务服务中心",
        "企业开办",
        "长春经开绿源新材料有限公司",
        "注册资本",
        "500,000.00元",
        "吉林省长春市经济技术开发区浦东路555号2号楼301室",
        "公章、财务专用章、发票专用章",
        answers["rep_id"],
        "小规模纳税人",
        "预审通过",
        "申请人签字",
        REFERENCE,
        "2026-11-2610:30",
        "3号终端",
        "《企业设立登记申请书》",
        "已备齐",
    ):
        assert flat(str(needle)) in text, needle
    item = catalog["company-startup"]
    for page in item.pages:
        assert flat(page.title.zh) in text


def test_confirmation_leaves_hidden_fields_out_and_escapes_input(
    catalog: Catalog, at: datetime
) -> None:
    answers = SAMPLES["company-address-change"]()
    answers["new_rep_name"] = "不应出现"  # hidden: legal_rep_changes is False
    answers["company_name"] = "A&B <i>科技</i> 有限公司"
    materials = all_present(catalog, "company-address-change")
    pdf = build_confirmation(context(catalog, "company-address-change", answers, materials, at))
    text = "".join(pages_text(pdf))
    assert "不应出现" not in text and "新任法定代表人姓名" not in text
    assert flat("A&B <i>科技</i> 有限公司") in text
    assert "股东会决议或股东决定" in text  # relevant for an llc
    assert "新任法定代表人任职文件" not in text  # not relevant


def test_confirmation_material_checklist_with_deficiency(catalog: Catalog, at: datetime) -> None:
    materials = {**all_present(catalog, "company-address-change"), "premises_proof": False}
    answers = SAMPLES["company-address-change"]()
    ctx = context(catalog, "company-address-change", answers, materials, at)
    assert ctx.review.outcome is Outcome.PASSED_WITH_DEFICIENCY
    text = "".join(pages_text(build_confirmation(ctx)))
    assert "可容缺（5个工作日内补齐）" in text
    assert "缺（容缺受理）" in text and "2026-12-03（星期四）前" in text
    assert "预审结果：容缺受理" in text


def test_confirmation_in_english_keeps_the_chinese_title(catalog: Catalog, at: datetime) -> None:
    answers = SAMPLES["company-address-change"]()
    materials = all_present(catalog, "company-address-change")
    ctx = context(catalog, "company-address-change", answers, materials, at, "en_US")
    text = "".join(pages_text(build_confirmation(ctx)))
    for needle in (
        "Declaration confirmation",
        "申报信息确认单",
        "Limited liability company",
        "临河街3366号新厂房, 经济技术开发区, 长春市, 吉林省",
        "Page 1 of",
        "第1页/共",
    ):
        assert flat(needle) in text, needle


def test_long_declaration_is_numbered_on_every_page(catalog: Catalog, at: datetime) -> None:
    answers = SAMPLES["company-startup"]()
    scope = "".join(f"第{i:03d}项新材料技术研发与环保设备销售；" for i in range(1, 101))
    assert len(scope) == 2000
    answers["business_scope"] = scope
    ctx = context(catalog, "company-startup", answers, all_present(catalog, "company-startup"), at)
    assert ctx.review.outcome is Outcome.PASSED  # 2000 characters is allowed
    pages = pages_text(build_confirmation(ctx))
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, 1):
        assert f"第{number}页/共{total}页" in text
        assert REFERENCE in text and "申报信息确认单" in text  # the header on every page
    joined = "".join(pages)
    found = [int(n) for n in re.findall(r"第(\d{3})项", joined)]  # a page may end mid-item
    assert found == list(range(1, 101))  # the whole answer, in order, across the pages
    assert "一、申报信息" in pages[0]  # page 1 is not left empty before the long table


def test_documents_are_deterministic(catalog: Catalog, at: datetime) -> None:
    answers = SAMPLES["elderly-card"]()
    ctx = context(catalog, "elderly-card", answers, all_present(catalog, "elderly-card"), at)
    assert build_confirmation(ctx) == build_confirmation(ctx)


# --- 一次性告知单 -----------------------------------------------------------------------


def rejected(catalog: Catalog, at: datetime, language: str = "zh_CN") -> DocumentContext:
    answers = SAMPLES["company-address-change"]()
    code = str(answers["credit_code"])
    answers["credit_code"] = code[:-1] + ("1" if code[-1] != "1" else "2")  # wrong check char
    answers["contact_mobile"] = "2394311234"
    materials = {**all_present(catalog, "company-address-change"), "business_licence": False}
    return context(catalog, "company-address-change", answers, materials, at, language)


def test_notice_lists_every_finding_and_how_to_fix_it(catalog: Catalog, at: datetime) -> None:
    ctx = rejected(catalog, at)
    review: ReviewResult = ctx.review
    assert review.outcome is Outcome.REJECTED and len(review.findings) == 3
    text = "".join(pages_text(build_notice(ctx)))
    assert "一次性告知单" in text and "企业登记信息变更（住所变更）" in text
    for number, finding in enumerate(review.findings, 1):
        row = flat(f"{number}{finding.label.zh}")
        assert row in text or flat(f"{number}材料：{finding.label.zh}") in text
        assert flat(finding.message.zh) in text
        assert flat(finding.fix.zh) in text
    assert "统一社会信用代码" in text and "营业执照正、副本" in text
    assert "3、4或5号窗口" in text and "呼叫辅导员" in text and REFERENCE in text


def test_notice_in_english(catalog: Catalog, at: datetime) -> None:
    ctx = rejected(catalog, at, "en_US")
    text = "".join(pages_text(build_notice(ctx)))
    assert "One-timenotice" in text and "一次性告知单" in text
    for finding in ctx.review.findings:
        assert flat(finding.message.en) in text and flat(finding.fix.en) in text
    assert "counters3,4or5" in text and "Callattendant" in text


def test_notice_needs_findings(catalog: Catalog, at: datetime) -> None:
    answers = SAMPLES["elderly-card"]()
    ctx = context(catalog, "elderly-card", answers, all_present(catalog, "elderly-card"), at)
    with pytest.raises(ValueError, match="findings"):
        build_notice(ctx)


# --- 容缺受理承诺书 ---------------------------------------------------------------------


def deficient(catalog: Catalog, at: datetime) -> DocumentContext:
    materials = {
        **all_present(catalog, "company-address-change"),
        "premises_proof": False,
        "agent_authorisation": False,
    }
    answers = SAMPLES["company-address-change"]()
    return context(catalog, "company-address-change", answers, materials, at)


def test_commitment_lists_missing_materials_and_due_dates(catalog: Catalog, at: datetime) -> None:
    ctx = deficient(catalog, at)
    review = ctx.review
    assert review.outcome is Outcome.PASSED_WITH_DEFICIENCY and review.commitment is not None
    text = "".join(pages_text(build_commitment(ctx)))
    assert "容缺受理承诺书" in text and REFERENCE in text
    assert flat(review.commitment.zh) in text
    assert [d.due_date for d in review.deficiencies] == [date(2026, 12, 3), date(2026, 12, 1)]
    for d in review.deficiencies:
        assert flat(d.name.zh) in text
        assert f"{d.working_days}个工作日" in text
        assert d.due_date.isoformat() in text
    assert "承诺人签字" in text and "日期" in text and "受理人签字" in text


def test_commitment_needs_a_deficiency(catalog: Catalog, at: datetime) -> None:
    with pytest.raises(ValueError, match="deficiency"):
        build_commitment(rejected(catalog, at))


# --- every document ---------------------------------------------------------------------


BUILDERS = [
    (build_confirmation, deficient),
    (build_notice, rejected),
    (build_commitment, deficient),
]


@pytest.mark.parametrize(("build", "make"), BUILDERS)
def test_fonts_are_embedded_truetype(build, make, catalog: Catalog, at: datetime) -> None:
    assert_fonts_embedded(build(make(catalog, at)))


@pytest.mark.parametrize(("build", "make"), BUILDERS)
def test_page_one_qr_holds_the_url(build, make, catalog: Catalog, at, tmp_path: Path) -> None:
    assert qr_payloads(build(make(catalog, at)), tmp_path) == [URL]


def test_a_new_document_is_one_small_story(catalog: Catalog, at: datetime) -> None:
    slip = DocumentKind(
        "consent",
        Text("代办授权书", "Consent"),
        lambda ctx, styles: [para(ctx.pick("本人同意网格长代为申报。", "I consent."), styles.body)],
    )
    pdf = render(deficient(catalog, at), slip)
    text = "".join(pages_text(pdf))
    assert "代办授权书" in text and "本人同意网格长代为申报。" in text and "第1页/共1页" in text
    assert_fonts_embedded(pdf)


# --- saving and printing ----------------------------------------------------------------


def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lp = bin_dir / "lp"
    lp.write_text("#!/bin/sh\n" + script)
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return bin_dir


def config(tmp_path: Path, queue: str | None = None) -> KioskConfig:
    documents = DocumentsConfig(output_dir=tmp_path / "docs", cups_queue=queue)
    return KioskConfig(terminal_number=3, documents=documents)


def test_save_document_writes_the_pdf(tmp_path: Path) -> None:
    path = save_document(b"%PDF-1.4 test", f"{REFERENCE}-notice", config(tmp_path))
    assert path == tmp_path / "docs" / f"{REFERENCE}-notice.pdf"
    assert path.read_bytes() == b"%PDF-1.4 test"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left
    odd = save_document(b"x", "../../etc/passwd", config(tmp_path))
    assert odd.parent == tmp_path / "docs"


def test_save_document_prints_through_cups(tmp_path: Path, monkeypatch) -> None:
    log = tmp_path / "lp.log"
    fake_lp(tmp_path, monkeypatch, f'echo "$@" > {log}\necho "request id is A4-1 (1 file(s))"\n')
    path = save_document(b"%PDF", "doc", config(tmp_path, "hall-a4"))
    assert log.read_text().split() == ["-d", "hall-a4", "--", str(path)]


def test_print_failure_is_typed_and_the_file_stays(tmp_path: Path, monkeypatch) -> None:
    fake_lp(tmp_path, monkeypatch, 'echo "lp: The printer or class does not exist." >&2\nexit 1\n')
    with pytest.raises(DocumentPrintError) as info:
        save_document(b"%PDF", "doc", config(tmp_path, "missing-queue"))
    error = info.value
    assert error.path.read_bytes() == b"%PDF"
    assert "does not exist" in error.technician and "missing-queue" in error.technician
    assert "未能打印" in error.applicant.zh and "could not be printed" in error.applicant.en


def test_missing_lp_is_a_print_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(DocumentPrintError, match="lp not found"):
        save_document(b"%PDF", "doc", config(tmp_path, "hall-a4"))
    assert (tmp_path / "docs" / "doc.pdf").is_file()

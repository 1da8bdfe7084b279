"""A built-in sample declaration and its ticket, for technicians and benchmarks.

It uses the real catalog and pre-review with made-up (valid) numbers and a made-up
signature, and needs no store: the sample ticket, documents and slips are built in memory.
The 委托代办授权书 has a sample of its own (`sample_authorisation_job`): an elderly card a
grid leader declared, since the company's item allows no proxy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig
from kiosk.declarations import IssuedTicket
from kiosk.forms import AnswerValue
from kiosk.prereview import ReviewResult, prereview
from kiosk.samples import (
    company_address_change_answers,
    elderly_card_answers,
    sample_signature_strokes,
)
from kiosk.signature import Signature
from printer.documents.authorisation import build_authorisation
from printer.documents.commitment import build_commitment
from printer.documents.confirmation import build_confirmation
from printer.documents.context import DocumentContext, make_context
from printer.documents.notice import build_notice
from printer.fonts import CjkFont
from printer.ticket_content import TicketContent, ticket_content

ITEM = "company-address-change"
ISSUED_AT = datetime(2026, 11, 26, 10, 30, tzinfo=timezone(timedelta(hours=8)))
REFERENCE = "20261126-07-0012"
PROXY_ITEM = "elderly-card"  # an item whose catalog entry allows a grid leader's proxy
PROXY_LEADER = ("wangjs", "王婧姝")  # the grid leader's staff account and name


def sample_declaration(
    catalog: Catalog,
    *,
    missing: tuple[str, ...] = ("premises_proof",),
    answers: dict[str, AnswerValue] | None = None,
) -> tuple[dict[str, AnswerValue], dict[str, bool], ReviewResult]:
    """Answers, checklist and pre-review of the company that moved to a new plant."""
    answers = answers if answers is not None else company_address_change_answers()
    materials = {m.id: m.id not in missing for m in catalog[ITEM].materials}
    review = prereview(catalog[ITEM], answers, materials, ISSUED_AT.date())
    return answers, materials, review


def sample_ticket_content(catalog: Catalog, config: KioskConfig) -> TicketContent:
    """The sample's ticket (容缺受理, one material due), as printed at terminal 7."""
    _, _, review = sample_declaration(catalog)
    item = catalog[ITEM]
    ticket = IssuedTicket(
        number="A07-012",
        reference=REFERENCE,
        item_id=ITEM,
        counters=tuple(item.counters),
        day=ISSUED_AT.date(),
        issued_at=ISSUED_AT,
        source="local",
    )
    return ticket_content(
        ticket, item, review, config.model_copy(update={"terminal_number": 7}), ahead=5
    )


DocumentBuilder = Callable[[DocumentContext], bytes]


def sample_document_jobs(
    catalog: Catalog, config: KioskConfig, font: CjkFont
) -> dict[str, tuple[DocumentBuilder, DocumentContext]]:
    """Each A4 document of the sample with the context it is built from."""
    item = catalog[ITEM]
    config = config.model_copy(update={"terminal_number": 7})
    answers, materials, review = sample_declaration(catalog)
    wrong = {
        **answers,
        "credit_code": str(answers["credit_code"])[:-1] + "0",
        "contact_mobile": "1394311234",
    }
    _, _, rejected = sample_declaration(catalog, missing=("business_licence",), answers=wrong)

    def context(review: ReviewResult, answers: dict[str, AnswerValue]) -> DocumentContext:
        return make_context(
            config,
            font,
            reference=REFERENCE,
            item=item,
            answers=answers,
            materials=materials,
            review=review,
            submitted_at=ISSUED_AT,
        )

    strokes, width, height = sample_signature_strokes()
    signed = replace(
        context(review, answers),
        committer=str(answers["contact_name"]),
        committer_for=str(answers["company_name"]),
        signature=Signature.from_pad(strokes, width, height),
        signed_at=ISSUED_AT,
    )
    return {
        "confirmation": (build_confirmation, context(review, answers)),
        "notice": (build_notice, context(rejected, wrong)),
        "commitment": (build_commitment, signed),
    }


def sample_authorisation_job(
    catalog: Catalog, config: KioskConfig, font: CjkFont
) -> tuple[DocumentBuilder, DocumentContext]:
    """The sample's 委托代办授权书 with its context: 王婧姝, grid leader, declared the elderly
    card of 张玉琴 at terminal 7 (kiosk.proxy.grant, as the terminal makes it).

    Not among `sample_document_jobs`: those are the one company declaration's documents,
    and the technician's sample files are named after them.
    """
    from kiosk.proxy import grant  # imports the store's models: only when asked for

    item = catalog[PROXY_ITEM]
    answers = elderly_card_answers()
    materials = {m.id: True for m in item.materials}
    account, name = PROXY_LEADER
    made = grant(
        item,
        answers,
        reference=REFERENCE,
        leader_account=account,
        leader_name=name,
        today=ISSUED_AT.date(),
    )
    ctx = make_context(
        config.model_copy(update={"terminal_number": 7}),
        font,
        reference=REFERENCE,
        item=item,
        answers=answers,
        materials=materials,
        review=prereview(item, answers, materials, ISSUED_AT.date()),
        submitted_at=ISSUED_AT,
        proxy=made,
    )
    return build_authorisation, ctx


def sample_slips(
    catalog: Catalog, config: KioskConfig, font: CjkFont
) -> dict[str, tuple[bytes, bytes]]:
    """Each document's slip (paper to take home on the ticket printer) for the config's
    profile and paper: its ESC/POS bytes and its preview PNG."""
    from printer import preview
    from printer.escpos_ticket import build
    from printer.printing import TicketPrinter
    from printer.slip import slip_content, slip_layout

    printer = TicketPrinter(config.model_copy(update={"terminal_number": 7}), font)
    slips: dict[str, tuple[bytes, bytes]] = {}
    for name, (_, ctx) in sample_document_jobs(catalog, config, font).items():
        blocks = slip_layout(slip_content(name, ctx, printer.paper, ISSUED_AT), printer.paper)
        built = build(blocks, printer.profile, printer.paper, font)
        picture = built.picture or preview.picture(
            blocks, printer.paper, font, printer.profile.encoding
        )
        slips[name] = (built.data, preview.png_bytes(picture))
    return slips


def sample_documents(catalog: Catalog, config: KioskConfig, font: CjkFont) -> dict[str, bytes]:
    """The three A4 documents of the sample: confirmation, one-time notice, commitment."""
    jobs = sample_document_jobs(catalog, config, font)
    return {name: build(ctx) for name, (build, ctx) in jobs.items()}

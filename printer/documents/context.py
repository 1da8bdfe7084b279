"""What a document is about: the declaration, its pre-review, and where it was made.

A :class:`DocumentContext` holds everything any A4 document needs; each document picks
what it shows. ``pick`` chooses between the two languages, so a document's code reads
as its Chinese and English wording side by side.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.catalog.models import ServiceItem
from kiosk.config import KioskConfig
from kiosk.forms import AnswerValue
from kiosk.i18n import Text
from kiosk.prereview import ReviewResult
from kiosk.signature import Signature
from printer.fonts import CjkFont

# kiosk.proxy imports the store's models, kiosk.mailing the divisions and validators:
# printing needs neither, it only reads what the screen built.
if TYPE_CHECKING:
    from kiosk.mailing import MailingAddress
    from kiosk.proxy import ProxyGrant


@dataclass(frozen=True)
class DocumentContext:
    """One declaration, as the documents about it need it."""

    hall_name: str
    hall_name_en: str
    terminal: int
    reference: str
    item: ServiceItem
    answers: Mapping[str, AnswerValue]
    materials: Mapping[str, bool]  # material id -> the applicant has it
    review: ReviewResult
    submitted_at: datetime
    qr_url: str
    font: CjkFont
    language: str = "zh_CN"  # "zh_CN" or "en_US"
    # The signed 容缺 commitment (the commitment letter prints them): who committed, for
    # whom when an agent signed, the signature drawn on the screen and when.
    committer: str | None = None
    committer_for: str | None = None
    signature: Signature | None = field(default=None, repr=False)
    signed_at: datetime | None = None
    # 网格化零跑代办: the grid leader's proxy declaration (the authorisation prints it).
    proxy: ProxyGrant | None = field(default=None, repr=False)
    # 证照免费邮寄: where the certificate is mailed (the confirmation prints it); None
    # when it is collected at the counter.
    mailing: MailingAddress | None = field(default=None, repr=False)
    # 网格化零跑代办: the grid leader who declared brings the certificate home.
    brought_by_grid_leader: bool = False

    @property
    def english(self) -> bool:
        return self.language.startswith("en")

    def pick(self, zh: str, en: str) -> str:
        """`zh` or `en`, in the document's language."""
        return en if self.english else zh

    def tr(self, value: Text) -> str:
        """A bilingual text in the document's language."""
        return value.get(self.language)


def make_context(
    config: KioskConfig,
    font: CjkFont,
    *,
    reference: str,
    item: ServiceItem,
    answers: Mapping[str, AnswerValue],
    materials: Mapping[str, bool],
    review: ReviewResult,
    submitted_at: datetime,
    language: str = "zh_CN",
    committer: str | None = None,
    committer_for: str | None = None,
    signature: Signature | None = None,
    signed_at: datetime | None = None,
    proxy: ProxyGrant | None = None,
    mailing: MailingAddress | None = None,
    brought_by_grid_leader: bool = False,
) -> DocumentContext:
    """A context with the hall, terminal and QR URL taken from the terminal's config."""
    return DocumentContext(
        hall_name=config.hall_name,
        hall_name_en=config.hall_name_en,
        terminal=config.terminal_number,
        reference=reference,
        item=item,
        answers=answers,
        materials=materials,
        review=review,
        submitted_at=submitted_at,
        qr_url=config.printer.qr_url_template.format(reference=reference),
        font=font,
        language=language,
        committer=committer,
        committer_for=committer_for,
        signature=signature,
        signed_at=signed_at,
        proxy=proxy,
        mailing=mailing,
        brought_by_grid_leader=brought_by_grid_leader,
    )

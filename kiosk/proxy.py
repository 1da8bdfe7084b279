"""网格化零跑代办: a grid leader declaring at the terminal for a resident who cannot come.

The grid leader signs in with their staff PIN (role grid leader) and starts a proxy
declaration for one of the items the catalog marks as allowing it (`[grid_proxy]`,
kiosk.catalog.models.GridProxy). The item's form is prefilled as the catalog says (e.g.
by_proxy = true, proxy_role = grid_leader, the grid leader's name), the resident's name
and ID come from the fields the catalog names, and the declaration records the proxy:
the grid leader (account, name) and the authorisation's reference. A 委托代办授权书 (A4,
printer.documents.authorisation) names both, the item, the date and how long it holds,
for the resident to sign.

Plain Python: no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.catalog.models import ServiceItem
from kiosk.forms import AnswerValue
from kiosk.store.models import Declaration

VALID_DAYS = 30
"""Calendar days an authorisation holds from the day it is made (the grid leader brings
it signed, with the materials, within that time)."""
AUTHORISATION_PREFIX = "WT"  # 委托


def authorisation_reference(reference: str) -> str:
    """The authorisation's own reference: WT and the declaration's (WT20261126-07-0012),
    so the counter finds one from the other."""
    return f"{AUTHORISATION_PREFIX}{reference}"


@dataclass(frozen=True)
class ProxyGrant:
    """Who declares for whom, as the authorisation prints it and the declaration keeps it."""

    resident_name: str
    resident_id: str
    leader_account: str  # the grid leader's staff username
    leader_name: str  # the name the hall knows them by
    granted_on: date
    valid_until: date
    authorisation: str  # authorisation_reference(the declaration's reference)


def prefill(item: ServiceItem, leader_name: str) -> dict[str, AnswerValue]:
    """The answers a proxy declaration of `item` starts with (the catalog's prefill and
    the grid leader's name in its field); {} for an item that does not allow it."""
    spec = item.grid_proxy
    if spec is None:
        return {}
    answers: dict[str, AnswerValue] = dict(spec.prefill)
    if spec.leader_name is not None:
        answers[spec.leader_name] = leader_name
    return answers


def grant(
    item: ServiceItem,
    answers: Mapping[str, AnswerValue],
    *,
    reference: str,
    leader_account: str,
    leader_name: str,
    today: date,
) -> ProxyGrant | None:
    """The grant of a proxy declaration; None when `item` does not allow proxies."""
    spec = item.grid_proxy
    if spec is None:
        return None

    def named(field_id: str) -> str:
        value = answers.get(field_id)
        return value.strip() if isinstance(value, str) else ""

    return ProxyGrant(
        resident_name=named(spec.resident_name),
        resident_id=named(spec.resident_id),
        leader_account=leader_account,
        leader_name=leader_name,
        granted_on=today,
        valid_until=today + timedelta(days=VALID_DAYS),
        authorisation=authorisation_reference(reference),
    )


def stored_grant(declaration: Declaration, item: ServiceItem) -> ProxyGrant | None:
    """The grant a stored declaration was made under (for its authorisation printed
    again); None for a declaration no grid leader made."""
    if (
        declaration.proxy_by is None
        or declaration.proxy_authorisation is None
        or declaration.proxy_valid_until is None
    ):
        return None
    made = grant(
        item,
        declaration.answers or {},
        reference=declaration.reference,
        leader_account=declaration.proxy_by,
        leader_name=declaration.proxy_by_name or declaration.proxy_by,
        today=declaration.proxy_valid_until - timedelta(days=VALID_DAYS),
    )
    return made

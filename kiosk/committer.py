"""Who signs a 容缺 commitment (承诺人): the person at the terminal, named from the answers.

The catalog's forms name people in their own fields, so the rule goes by field id, in
this order, over the answers the applicant could see (a field hidden by an earlier
answer, e.g. 代办人姓名 after "not for someone else", never counts):

1. someone declaring for another: the agent (`proxy_name` 代办人, `agent_name` 委托代理人,
   `guardian_name` 监护人, `contact_name` 经办人 of a company); they sign, on behalf of
2. the person or organisation the declaration is for (`applicant_name`, `operator_name`,
   `company_name`, `unit_name`, `rep_name`, …);
3. otherwise the first answered name field of the form (an id ending in `_name`).

None when the form names nobody: the commitment then leaves the name line blank for the
counter officer to fill in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from kiosk.catalog.models import FieldType, ServiceItem
from kiosk.forms import AnswerValue, form_state

AGENT_FIELDS = ("proxy_name", "agent_name", "guardian_name", "contact_name")
PRINCIPAL_FIELDS = (
    "applicant_name",
    "operator_name",
    "company_name",
    "unit_name",
    "trade_name",
    "rep_name",
    "legal_rep_name",
    "new_rep_name",
    "liquidator_name",
    "client_name",
    "mother_name",
    "father_name",
)
NAME_CHARS = 64  # the protocol's Text64 and the store's column


@dataclass(frozen=True)
class Committer:
    """The 承诺人: who signs, and whom they sign for when that is someone else."""

    name: str
    on_behalf_of: str | None = None  # the applicant or organisation, when an agent signs


def committer(
    item: ServiceItem, answers: Mapping[str, AnswerValue], today: date
) -> Committer | None:
    """The person committing, by the rule above (None: the form names nobody)."""
    state = form_state(item, answers, today)
    fields = {f.id: f for f in item.fields()}

    def named(field_id: str) -> str | None:
        f = fields.get(field_id)
        if f is None or field_id not in state.visible or f.type is not FieldType.TEXT:
            return None
        value = answers.get(field_id)
        if not isinstance(value, str) or not value.strip():
            return None
        return value.strip()[:NAME_CHARS]

    principal = next((n for i in PRINCIPAL_FIELDS if (n := named(i))), None)
    if principal is None:
        principal = next(
            (n for f in item.fields() if f.id.endswith("_name") and (n := named(f.id))), None
        )
    agent = next((n for i in AGENT_FIELDS if (n := named(i))), None)
    if agent is not None and agent != principal:
        return Committer(agent, principal)
    return Committer(principal) if principal is not None else None

"""The two invitations to give a zienswijze before the besluit, on the request letters' frame:

- ``zienswijze_aanvrager`` (Awb 4:7, 4:9): to the applicant (or the representative), on the
  intended refusal and the data it rests on, with the term; the decision term runs on.
- ``zienswijze_derde`` (Awb 4:8, 4:9): to the third party at its own address, on which data about
  that person would be disclosed. It never names the requester, their representative or whom the
  request is about (AVG 5(1)(c); UAVG 41(1)(i)), so the frame's addressee, salutation and
  "Betreft" are replaced by the third party's.

Neither is a besluit (no bezwaarclausule): a preparatory act (Awb 6:3).
"""

from __future__ import annotations

from typing import Any, Final

import sqlalchemy as sa

from avg_service.extensions import db
from avg_service.hearing.models import Hearing
from avg_service.letters.models import Letter
from avg_service.letters.services import LetterKind, loader, register_kind
from avg_service.requests import letters as frame

TEMPLATE_VERSION: Final = "2026.1"


@loader
def load_hearing(letter: Letter) -> Hearing:
    """The hearing whose invitation ``letter`` is (a module-level name, like
    ``frame.load_request``, so a preview or a test can hand one built in memory)."""
    hearing = db.session.scalar(sa.select(Hearing).where(Hearing.letter_id == letter.id)) \
        if letter.id is not None else None
    if hearing is None:
        raise frame.LetterDataMissing(f"letter {letter.id}: no hearing")
    return hearing


def _term(hearing: Hearing) -> dict[str, str]:
    if hearing.sent_on is None or hearing.term_until is None:
        raise frame.LetterDataMissing(f"hearing {hearing.id}: not an invitation")
    return {"sent_on": frame.date_nl(hearing.sent_on),
            "term_until": frame.date_nl(hearing.term_until)}


def zienswijze_aanvrager_context(letter: Letter) -> dict[str, Any]:
    dsr = frame.load_request(letter)
    settings = frame.contact_point_settings()
    hearing = load_hearing(letter)
    context = frame.base_context(letter, dsr, settings,
                                 subject="Uw mening over ons voornemen op uw verzoek")
    context.update(regarding=frame.lines(hearing.regarding), due_on=frame.date_nl(dsr.due_on),
                   request_noun=frame.join_nl([r.split(" (")[0].lower()
                                               for r in frame.right_labels(dsr)]),
                   **_term(hearing))
    return context


def zienswijze_derde_context(letter: Letter) -> dict[str, Any]:
    dsr = frame.load_request(letter)
    settings = frame.contact_point_settings()
    hearing = load_hearing(letter)
    name = hearing.name
    if not name:
        raise frame.LetterDataMissing(f"hearing {hearing.id}: the third party has no name")
    context = frame.base_context(letter, dsr, settings,
                                 subject="Uw mening over het verstrekken van gegevens over u")
    place = " ".join(p for p in (hearing.postcode, hearing.city) if p)
    # the third party's letter: nothing of the requester's frame stays
    context.update(
        addressee=[line for line in (name, hearing.street_address, place) if line],
        salutation=f"Geachte {name},", concerning=None, reference=letter.kenmerk,
        received_on=None, rights=None,
        regarding=frame.lines(hearing.regarding), **_term(hearing))
    return context


KINDS: Final[tuple[LetterKind, ...]] = (
    register_kind(LetterKind(name="zienswijze_aanvrager",
                             title="Uitnodiging zienswijze verzoeker (Awb 4:7)",
                             template="letters/zienswijze_aanvrager.html",
                             version=TEMPLATE_VERSION, context=zienswijze_aanvrager_context)),
    register_kind(LetterKind(name="zienswijze_derde",
                             title="Uitnodiging zienswijze derde (Awb 4:8)",
                             template="letters/zienswijze_derde.html",
                             version=TEMPLATE_VERSION, context=zienswijze_derde_context)),
)

"""The letters of a request: each kind renders with the dates of the deadline engine, the
bezwaarclausule only on a besluit, and the BSN only masked.

Built from objects in memory: the request and the contact point's settings are handed to the
context functions by patching ``load_request`` and ``contact_point_settings``, so these tests need
no database tables (and no migrations).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader

from avg_service import deadlines as law
from avg_service.decisions import letters as besluit_letters
from avg_service.decisions.letters import BESLUIT_KINDS
from avg_service.letters.models import Letter
from avg_service.letters.rendering import render_pdf_with_pages
from avg_service.letters.services import letter_kind, render_letter_html
from avg_service.organisations.catalogue import JOINT_CONTROLLERS
from avg_service.organisations.models import ContactPointSettings
from avg_service.organisations.services import DEFAULT_SETTINGS
from avg_service.requests import letters
from avg_service.requests.lifecycle import Right, Status
from avg_service.decisions.models import Decision
from avg_service.requests.models import (
    DataSubjectRequest,
    DeceasedRecord,
    DsrDocument,
    DsrEvent,
    Invitation,
)
from tests.conftest import make_app

FULL_BSN = "123456782"
CIPHERTEXT = "gAAAAABfake-ciphertext-of-the-bsn"
#: Friday 6 March 2026, 14:05 in Amsterdam (CET = UTC+1).
RECEIVED_AT = datetime(2026, 3, 6, 13, 5, tzinfo=UTC)
RECEIVED_ON = date(2026, 3, 6)
#: Monday 16 March 2026, 10:00 in Amsterdam: the dagtekening of most letters below.
SENT_AT = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
KENMERK = "AVG-2026-000042"


@pytest.fixture(scope="module")
def letter_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app for its templates only: the database is never touched."""
    tmp: Path = tmp_path_factory.mktemp("letters")
    app = make_app(f"sqlite:///{tmp / 'unused.sqlite3'}", tmp)
    with app.app_context():
        yield app


def make_settings() -> ContactPointSettings:
    return ContactPointSettings(id=1, **DEFAULT_SETTINGS, contact_email="avg@voorbeeldstad.nl",
                                contact_phone="14 020")


def make_request(**overrides: Any) -> DataSubjectRequest:
    """A request with every field filled in, as a web-form submission by a representative."""
    fields: dict[str, Any] = dict(
        id=42, reference=KENMERK, status=Status.RECEIVED.value, channel="web",
        received_at=RECEIVED_AT, received_on=law.receipt_date(RECEIVED_AT),
        given_names="Anna Maria", family_name="de Vries", search_name="de vries",
        date_of_birth=date(1980, 3, 6), street_address="Dorpsstraat 12",
        postcode="1234 AB", city="Voorbeeldstad", email="anna@example.test",
        phone="06 12345678", bsn_encrypted=CIPHERTEXT, bsn_hash="f" * 64,
        bsn_last3=FULL_BSN[-3:], representation="gemachtigde",
        represented_name="Jan de Vries", represented_date_of_birth=date(2012, 5, 1),
        rights=DataSubjectRequest.rights_value(
            [Right.ACCESS, Right.RECTIFICATION, Right.PORTABILITY]),
        description="Ik wil weten wat er over mijn zoon is besproken.\n<script>alert(1)</script>",
        rectification_wrong="Zijn adres is onjuist.", rectification_correct="Kerkweg 3.",
        delivery="electronic", electronic_consent=True, suspended_days=0, extended_at=None,
    )
    fields.update(overrides)
    dsr = DataSubjectRequest(**fields)
    dsr.documents.append(DsrDocument(kind="authorisation", filename="machtiging.pdf",
                                     content_type="application/pdf", size=1, sha256="0" * 64))
    dsr.documents.append(DsrDocument(kind="attachment", filename="brief-school.pdf",
                                     content_type="application/pdf", size=1, sha256="1" * 64))
    dsr.documents.append(DsrDocument(kind="scan", filename="scan-intern.pdf",
                                     content_type="application/pdf", size=1, sha256="2" * 64))
    dsr.refresh_deadlines()
    return dsr


Render = Callable[..., str]


@pytest.fixture
def render(letter_app: Flask, monkeypatch: pytest.MonkeyPatch) -> Render:
    """Render a kind for ``dsr`` as ``render_letter_html`` does for the job."""
    settings = make_settings()

    def _render(kind: str, dsr: DataSubjectRequest, *, letter_id: int = 7,
                at: datetime = SENT_AT) -> str:
        monkeypatch.setattr(letters, "load_request", lambda letter: dsr)
        monkeypatch.setattr(letters, "contact_point_settings", lambda: settings)
        monkeypatch.setattr(besluit_letters, "load_decision",
                            lambda letter: Decision(dsr_id=dsr.id, kind=kind, history_note=None))
        letter = Letter(id=letter_id, dsr_id=dsr.id, kind=kind, kenmerk=dsr.reference,
                        dagtekening=at, created_at=at)
        return render_letter_html(letter)

    return _render


def text(html: str) -> str:
    """The HTML with its whitespace folded, so phrases broken over template lines match."""
    return " ".join(html.split())


def nl(day: date) -> str:
    return law.format_date_nl(day)


# ------------------------------------------------------------------------------ fixtures per kind
def with_invitation(dsr: DataSubjectRequest, *, purpose: str = "identity", letter_id: int = 7,
                    expired: bool = False) -> Invitation:
    invitation = Invitation(purpose=purpose, what="Een kopie van uw identiteitsbewijs.",
                            sent_on=date(2026, 3, 10), term_until=date(2026, 3, 24),
                            expired_on=date(2026, 3, 24) if expired else None,
                            resume_status="received", letter_id=letter_id)
    dsr.invitations.append(invitation)
    dsr.refresh_deadlines()
    return invitation


def extended(dsr: DataSubjectRequest) -> DataSubjectRequest:
    dsr.extended_at = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
    dsr.extension_reason = "Zeven organisaties moeten hun gegevens nagaan."
    dsr.refresh_deadlines()
    return dsr


def forwarded(dsr: DataSubjectRequest) -> DataSubjectRequest:
    dsr.forwarded_to = "Politie, eenheid Voorbeeldregio"
    # The reason as services.forward records it on the timeline.
    dsr.move_to(Status.FORWARDED, actor_id=None, at=datetime(2026, 3, 9, 8, 0, tzinfo=UTC),
                kind="forwarded",
                reason="Het verzoek gaat over een proces-verbaal in een politiesysteem.")
    return dsr


def refused(dsr: DataSubjectRequest) -> DataSubjectRequest:
    dsr.refusal_reason = "U heeft dit verzoek sinds januari elke week opnieuw ingediend."
    return dsr


def term_expired(dsr: DataSubjectRequest) -> DataSubjectRequest:
    with_invitation(dsr, expired=True, letter_id=5)
    return dsr


def deceased(dsr: DataSubjectRequest) -> DataSubjectRequest:
    dsr.deceased = DeceasedRecord(dsr_id=dsr.id, established_by="akte",
                                  died_on=date(2026, 2, 1), recorded_at=SENT_AT)
    return dsr


PREPARE: dict[str, Callable[[DataSubjectRequest], Any]] = {
    "ontvangstbevestiging": lambda dsr: dsr,
    "aanvulling": with_invitation,
    "verlenging": extended,
    "doorzending": forwarded,
    "besluit_12_5": refused,
    "besluit_niet_in_behandeling": term_expired,
    "besluit_overleden": deceased,
}
ALL_KINDS = list(PREPARE)


def render_kind(render: Render, kind: str, **overrides: Any) -> str:
    dsr = make_request(**overrides)
    PREPARE[kind](dsr)
    return render(kind, dsr)


# ------------------------------------------------------------------------------ every kind
def test_every_kind_is_registered_with_its_template_and_version() -> None:
    for kind in ALL_KINDS:
        registered = letter_kind(kind)
        assert registered.template == f"letters/{kind}.html"
        assert registered.version == (besluit_letters.TEMPLATE_VERSION
                                      if kind in BESLUIT_KINDS else letters.TEMPLATE_VERSION)
    # the two besluiten without a decision on the rights are the decisions package's kinds
    assert {k.name for k in letters.KINDS} == set(ALL_KINDS) - BESLUIT_KINDS
    assert BESLUIT_KINDS - {"besluit"} <= set(ALL_KINDS)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_letter_has_the_frame_reference_and_addressee(render: Render, kind: str) -> None:
    page = text(render_kind(render, kind))
    assert f'<td class="kenmerk">{KENMERK}</td>' in page
    assert "<td>maandag 16 maart 2026</td>" in page  # the dagtekening, in Amsterdam
    assert "Anna Maria de Vries<br>inzake Jan de Vries<br>Dorpsstraat 12<br>1234 AB Voorbeeldstad" \
        in page
    assert "Het college van burgemeester en wethouders van Voorbeeldstad" in page
    assert "Geachte Anna Maria de Vries," in page
    assert "Noem dan het kenmerk AVG-2026-000042" in page
    assert "14 020" in page and "avg@voorbeeldstad.nl" in page


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_the_bezwaarclausule_is_only_on_a_besluit_signed_under_mandate(render: Render,
                                                                        kind: str) -> None:
    page = text(render_kind(render, kind))
    is_besluit = kind in BESLUIT_KINDS
    assert ('class="bezwaarclausule"' in page) is is_besluit
    assert ("artikel 6:5 Awb" in page) is is_besluit
    assert ("namens dezen" in page) is is_besluit
    assert ("Autoriteit Persoonsgegevens" in page) is is_besluit
    assert ("Deze brief is nog geen besluit" in page) is (kind in {
        "ontvangstbevestiging", "aanvulling", "verlenging"})


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_the_bsn_is_never_shown_in_full(render: Render, kind: str) -> None:
    page = render_kind(render, kind)
    assert FULL_BSN not in page
    assert CIPHERTEXT not in page
    assert ("******782" in page) is (kind == "ontvangstbevestiging")


# ------------------------------------------------------------------------- ontvangstbevestiging
def test_the_receipt_repeats_the_web_form_submission(render: Render) -> None:
    page = text(render_kind(render, "ontvangstbevestiging"))
    assert "vrijdag 6 maart 2026 om 14:05 uur" in page
    assert "via webformulier" in page
    assert "artikel 2:17 lid 2 Awb" in page
    for shown in ("6 maart 1980", "anna@example.test", "06 12345678", "Dorpsstraat 12",
                  "gemachtigde van Jan de Vries, geboren op 1 mei 2012",
                  "Inzage (art. 15)", "Rectificatie (art. 16)", "Overdraagbaarheid (art. 20)",
                  "Zijn adres is onjuist.", "Kerkweg 3.",
                  "machtiging.pdf (machtiging)", "brief-school.pdf (bijlage)",
                  "Op uw statuspagina, met een bericht per e-mail naar anna@example.test",
                  "artikel 2:8 Awb"):
        assert shown in page, shown
    assert "scan-intern.pdf" not in page  # a staff scan is not something the requester sent


def test_user_input_is_escaped(render: Render) -> None:
    page = render_kind(render, "ontvangstbevestiging")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_receipt_gives_the_due_date_of_the_deadline_engine(render: Render) -> None:
    page = text(render_kind(render, "ontvangstbevestiging"))
    dates = law.response_deadlines(RECEIVED_ON)
    # 6 April 2026 is Tweede Paasdag: the engine rolls the term to Tuesday 7 April.
    assert dates.due_on == date(2026, 4, 7)
    assert f"uiterlijk op <strong>{nl(dates.due_on)}</strong>" in page
    assert f"uiterlijk op {nl(dates.extension_notice_by)} een brief" in page
    assert "met twee maanden verlengen" in page and "artikel 12 lid 3 AVG" in page


def test_the_receipt_explains_what_happens_next(render: Render) -> None:
    page = text(render_kind(render, "ontvangstbevestiging"))
    for participant in JOINT_CONTROLLERS:
        assert f"<li>{participant.name}</li>" in page
    assert "artikel 1.1 lid 1 BGS" in page
    assert "artikel 12 lid 6 AVG" in page and "artikel 4:15 Awb" in page


def test_portability_is_explained_only_when_invoked(render: Render) -> None:
    assert "artikel 20 lid 3 AVG" in text(render_kind(render, "ontvangstbevestiging"))
    page = text(render_kind(render, "ontvangstbevestiging",
                            rights=DataSubjectRequest.rights_value([Right.ACCESS])))
    assert "artikel 20 lid 3" not in page


def test_a_paper_request_by_the_person_themselves(render: Render) -> None:
    page = text(render_kind(render, "ontvangstbevestiging", channel="letter",
                            representation="self", represented_name=None,
                            represented_date_of_birth=None, delivery="post",
                            electronic_consent=False, bsn_last3=None, bsn_encrypted=None,
                            bsn_hash=None))
    assert "ontvangen op vrijdag 6 maart 2026, via brief" in page  # no clock time for paper
    assert "om 14:05 uur" not in page
    assert "artikel 2:17" not in page
    assert "inzake" not in page and "U treedt op als" not in page
    assert "Burgerservicenummer" not in page
    assert "Per post." in page


# ------------------------------------------------------------------------------ aanvulling
def test_the_invitation_gives_the_term_the_suspension_and_the_consequence(render: Render) -> None:
    page = text(render_kind(render, "aanvulling"))
    assert "Een kopie van uw identiteitsbewijs." in page
    assert f"uiterlijk op <strong>{nl(date(2026, 3, 24))}</strong>" in page
    assert f"vanaf {nl(date(2026, 3, 11))} tot de dag" in page  # the day after sending
    assert "artikel 4:15 lid 1 onder a Awb" in page
    assert "artikel 4:5 lid 1 onder c Awb" in page
    assert "per post naar: Postbus 1, 1000 AA Voorbeeldstad" in page
    assert "per e-mail naar: avg@voorbeeldstad.nl" in page
    assert "aan de balie" in page


def test_an_identity_invitation_says_bsn_and_photo_may_be_blacked_out(render: Render) -> None:
    page = text(render_kind(render, "aanvulling"))
    assert "burgerservicenummer (BSN) en uw pasfoto op de kopie onleesbaar maken" in page
    assert "vernietigen wij de kopie" in page
    assert "artikel 12 lid 6 AVG" in page


def test_an_information_invitation_has_no_identity_advice(render: Render) -> None:
    dsr = make_request()
    with_invitation(dsr, purpose="information")
    page = text(render("aanvulling", dsr))
    assert "pasfoto" not in page and "artikel 12 lid 6" not in page


def test_the_invitation_letter_is_the_one_that_asked(render: Render) -> None:
    dsr = make_request()
    with_invitation(dsr, letter_id=3)
    with pytest.raises(letters.LetterDataMissing):
        render("aanvulling", dsr, letter_id=7)


# ------------------------------------------------------------------------------ verlenging
def test_the_extension_gives_the_original_and_the_new_due_date(render: Render) -> None:
    page = text(render_kind(render, "verlenging"))
    dates = law.response_deadlines(RECEIVED_ON)
    assert dates.extended_due_on == date(2026, 6, 8)
    assert f"Dat is uiterlijk op {nl(dates.due_on)}." in page
    assert f"uiterlijk op <strong>{nl(dates.extended_due_on)}</strong>" in page
    assert "Zeven organisaties moeten hun gegevens nagaan." in page
    assert "stilstond" not in page


def test_the_extension_counts_the_suspended_days(render: Render) -> None:
    dsr = make_request()
    invitation = with_invitation(dsr, purpose="information", letter_id=3)
    invitation.answered_on = date(2026, 3, 14)  # 3 days strictly between (R5)
    extended(dsr)
    page = text(render("verlenging", dsr))
    dates = law.response_deadlines(RECEIVED_ON, suspended_days=3)
    assert f"Dat is uiterlijk op {nl(dates.due_on)}." in page
    assert f"<strong>{nl(dates.extended_due_on)}</strong>" in page
    assert "de 3 dagen meegeteld waarin de termijn stilstond" in page


def test_no_extension_letter_for_a_request_that_was_not_extended(render: Render) -> None:
    with pytest.raises(letters.LetterDataMissing):
        render("verlenging", make_request())


# ------------------------------------------------------------------------------ doorzending
def test_the_forwarding_letter_names_the_organ_and_the_reason(render: Render) -> None:
    page = text(render_kind(render, "doorzending"))
    assert "Politie, eenheid Voorbeeldregio" in page
    assert f"op {nl(date(2026, 3, 9))} doorgestuurd" in page
    assert "Het verzoek gaat over een proces-verbaal in een politiesysteem." in page
    assert "Doorgezonden naar" not in page  # the timeline's wording stays internal
    assert "artikel 2:3 lid 1 Awb" in page


def test_the_forwarding_letter_without_a_recorded_reason_is_generic(render: Render) -> None:
    dsr = make_request(forwarded_to="Gemeente Elders, afdeling Wmo")
    page = text(render("doorzending", dsr))
    assert "Uw verzoek gaat niet over die gegevens." in page
    assert "De reden daarvoor is" not in page
    assert f"op {nl(date(2026, 3, 16))} doorgestuurd" in page  # the letter's own date


# ------------------------------------------------------------------------------ besluiten
def test_the_12_5_besluit_gives_reasons_remedies_and_the_objection_deadline(render: Render
                                                                           ) -> None:
    page = text(render_kind(render, "besluit_12_5"))
    assert "Besluit op uw verzoek om inzage, rectificatie en overdraagbaarheid" in page
    assert "Wij besluiten geen gevolg te geven aan uw verzoek" in page
    assert "artikel 12 lid 5 onder b AVG" in page
    assert "U heeft dit verzoek sinds januari elke week opnieuw ingediend." in page
    assert "artikel 77 AVG" in page and "artikel 79 AVG" in page
    assert "artikel 34 UAVG" in page
    end = law.objection_period_end(date(2026, 3, 16))
    assert end == date(2026, 4, 28)  # C31: six weeks end on Koningsdag, rolled to Tuesday
    assert f"uiterlijk op <strong>{nl(end)}</strong>" in page
    assert "bezwaar maken bij het college van burgemeester en wethouders van Voorbeeldstad" in page
    assert "t.a.v. bezwaarschriften<br>Postbus 1<br>1000 AA Voorbeeldstad" in page
    assert "artikel 6:9 Awb" in page and "artikel 8:81 Awb" in page
    assert "Het college van burgemeester en wethouders van Voorbeeldstad,<br>namens dezen," in page
    assert "M. de Vries, Coördinator contactpunt AVG-rechten" in page


def test_the_not_handled_besluit_names_the_last_expired_invitation(render: Render) -> None:
    dsr = make_request()
    first = with_invitation(dsr, purpose="information", letter_id=3)
    first.answered_on = date(2026, 3, 12)
    last = Invitation(purpose="identity", what="Een kopie van uw paspoort.",
                      sent_on=date(2026, 3, 13), term_until=date(2026, 3, 27),
                      expired_on=date(2026, 3, 27), resume_status="received", letter_id=4)
    dsr.invitations.append(last)
    dsr.refresh_deadlines()
    page = text(render("besluit_niet_in_behandeling", dsr,
                       at=datetime(2026, 3, 30, 8, 0, tzinfo=UTC)))
    assert "Een kopie van uw paspoort." in page
    assert f"Op {nl(date(2026, 3, 13))} hebben wij u per brief gevraagd" in page
    assert f"tot en met {nl(date(2026, 3, 27))}" in page
    assert "Wij besluiten uw verzoek niet te behandelen (artikel 4:5 lid 1 onder c Awb)" in page
    assert "redelijke twijfel over uw identiteit" in page
    end = law.objection_period_end(date(2026, 3, 30))
    assert f"uiterlijk op <strong>{nl(end)}</strong>" in page


def test_no_not_handled_besluit_without_an_expired_invitation(render: Render) -> None:
    dsr = make_request()
    with_invitation(dsr)
    with pytest.raises(letters.LetterDataMissing):
        render("besluit_niet_in_behandeling", dsr)


# ------------------------------------------------------------------------------ PDF
@pytest.mark.parametrize("kind", ["ontvangstbevestiging", "besluit_12_5"])
def test_the_letter_renders_to_a_pdfa_with_page_numbers(render: Render, kind: str,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    html = render_kind(render, kind)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf, pages = render_pdf_with_pages(html)
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == pages
    assert 2 <= pages <= 3, pages  # a long letter, but no runaway layout
    first = reader.pages[0].extract_text()
    assert f"pagina 1 van {pages}" in first
    assert KENMERK in first
    whole = "".join(page.extract_text() for page in reader.pages)
    assert FULL_BSN not in whole

"""Every letter kind rendered with demo data, for template authors, without a database.

``flask --app wsgi avg letters preview KIND --out brief.pdf`` (or ``.html``). The demo objects are
ordinary model instances that are never added to a session (transient): a request with its
invitations and timeline, a decision with its parts, coordination tasks with a submitted answer
and restrictions, and the contact point's default settings. The context functions read them
through their loaders (``requests.letters.load_request`` and ``contact_point_settings``,
``decisions.letters.load_decision`` and ``load_tasks``, ...), and a preview hands the render its
data as an argument (``given``): nothing is patched, so it is safe beside other requests.

Dates are fixed (a request received on Monday 2 March 2026), so a preview is the same every day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Final

from avg_service import deadlines as law
from avg_service.bezwaar import letters as bezwaar_letters
from avg_service.breaches import letters as breach_letters
from avg_service.coordination.models import (
    CoordinationTask,
    TaskAnswer,
    TaskRestriction,
    ThirdParty,
)
from avg_service.coordination.rules import TaskStatus
from avg_service.decisions import letters as besluit_letters
from avg_service.decisions.catalogue import GROUNDS_BY_CODE, Outcome
from avg_service.decisions.models import Decision, DecisionKind, DecisionPart, DecisionStatus
from avg_service.hearing import letters as hearing_letters
from avg_service.hearing.models import Hearing
from avg_service.letters.models import Letter
from avg_service.letters.rendering import render_pdf_with_pages
from avg_service.letters.services import Given, render_letter_html
from avg_service.organisations.catalogue import JOINT_CONTROLLERS
from avg_service.organisations.models import ContactPointSettings, Organisation
from avg_service.organisations.services import DEFAULT_SETTINGS
from avg_service.requests import letters as frame
from avg_service.requests.lifecycle import Right, Status
from avg_service.requests.models import (
    DataSubjectRequest,
    DeceasedRecord,
    DsrDocument,
    DsrEvent,
    Invitation,
)
from avg_service.reports import annual as annual_report

#: The kinds a preview can show: every kind the request letters register, the three besluiten,
#: the two documents of a data breach and the annual report.
PREVIEW_KINDS: Final[tuple[str, ...]] = tuple(k.name for k in frame.KINDS) + (
    "besluit_12_5", "besluit_niet_in_behandeling", "besluit", "besluit_overleden",
    "zienswijze_aanvrager", "zienswijze_derde") + breach_letters.KIND_NAMES \
    + (annual_report.KIND,) + bezwaar_letters.KIND_NAMES

DSR_ID: Final = 123
LETTER_ID: Final = 1
REFERENCE: Final = "AVG-2026-000123"
#: Monday 2 March 2026, 09:12 in Amsterdam (CET = UTC+1), through the web form.
RECEIVED_AT: Final = datetime(2026, 3, 2, 8, 12, tzinfo=UTC)


class UnknownPreviewKind(LookupError):
    """No demo data for this kind (it is not a registered letter kind)."""


@dataclass(slots=True)
class PreviewData:
    """What a kind's context function reads, built in memory."""

    letter: Letter
    dsr: DataSubjectRequest
    settings: ContactPointSettings
    decision: Decision | None = None
    tasks: list[CoordinationTask] = field(default_factory=list)
    third_parties: list[ThirdParty] = field(default_factory=list)
    hearings: list[Hearing] = field(default_factory=list)
    #: Another feature's data for its own kinds (a data breach's documents, the annual report).
    given: Given = field(default_factory=dict)


def _at(day: date, hour: int = 9) -> datetime:
    """``hour`` o'clock UTC on ``day`` (10:00 in Amsterdam in winter)."""
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


# ------------------------------------------------------------------------------ the objects
def demo_settings() -> ContactPointSettings:
    return ContactPointSettings(id=1, **DEFAULT_SETTINGS, contact_email="avg@voorbeeldstad.nl",
                                contact_phone="14 020",
                                objection_channel="www.voorbeeldstad.nl/bezwaar",
                                updated_at=RECEIVED_AT)


def demo_request(*rights: Right) -> DataSubjectRequest:
    """A request through the web form, by the data subject herself, with her documents."""
    chosen = list(rights) or [Right.ACCESS, Right.ERASURE]
    dsr = DataSubjectRequest(
        id=DSR_ID, reference=REFERENCE, status=Status.RECEIVED.value, is_open=True,
        channel="web", language="nl", received_at=RECEIVED_AT,
        received_on=law.receipt_date(RECEIVED_AT), registered_at=RECEIVED_AT,
        given_names="Anna Maria", family_name="de Vries", search_name="de vries",
        date_of_birth=date(1980, 3, 6), street_address="Dorpsstraat 12", postcode="1234 AB",
        city="Voorbeeldstad", email="anna.devries@example.nl", phone="06 12345678",
        bsn_last3="782", representation="self", rights=DataSubjectRequest.rights_value(chosen),
        description="Ik wil weten welke gegevens het Zorg- en Veiligheidshuis over mij heeft en "
                    "met wie die zijn gedeeld. De gegevens over de melding van 2024 wil ik laten "
                    "verwijderen.",
        delivery="post", electronic_consent=False, suspended_days=0, is_possible_repeat=False,
        created_at=RECEIVED_AT, updated_at=RECEIVED_AT,
    )
    dsr.documents.append(DsrDocument(id=1, kind="identity", filename="identiteitsbewijs.pdf",
                                     content_type="application/pdf", size=181_233,
                                     sha256="0" * 64, uploaded_at=RECEIVED_AT))
    dsr.documents.append(DsrDocument(id=2, kind="attachment", filename="brief-wijkteam.pdf",
                                     content_type="application/pdf", size=52_410,
                                     sha256="1" * 64, uploaded_at=RECEIVED_AT))
    dsr.events.append(DsrEvent(id=1, kind="registered", from_status=Status.RECEIVED.value,
                               to_status=Status.RECEIVED.value, at=RECEIVED_AT,
                               reason="Ontvangen via het webformulier."))
    dsr.refresh_deadlines()
    return dsr


def _invite(dsr: DataSubjectRequest, *, sent_on: date, answered_on: date | None = None,
            expired_on: date | None = None, letter_id: int | None = None) -> Invitation:
    invitation = Invitation(
        id=len(dsr.invitations) + 1, purpose="information",
        what="Welke periode uw verzoek betreft en bij welke organisatie u de melding van 2024 "
             "heeft gedaan.",
        sent_on=sent_on, term_until=sent_on + timedelta(days=14),
        answered_on=answered_on, expired_on=expired_on,
        resume_status=Status.IN_PROGRESS.value, letter_id=letter_id)
    dsr.invitations.append(invitation)
    dsr.refresh_deadlines()
    return invitation


#: The official who decided under mandate, as the approving jurist's account gives it.
DEMO_SIGNATORY = "mr. J. Bakker, jurist AVG-verzoeken"


def _letter(kind: str, dsr: DataSubjectRequest, on: date) -> Letter:
    at = _at(on)
    return Letter(id=LETTER_ID, dsr_id=dsr.id, kind=kind, kenmerk=dsr.reference, dagtekening=at,
                  created_at=at, signatory=DEMO_SIGNATORY
                  if kind in besluit_letters.BESLUIT_KINDS else None)


def demo_entries(count: int) -> str:
    """``count`` lines of the data itself, as a participant pastes them from its systems."""
    subjects = ("melding overlast", "huisbezoek wijkagent", "casusoverleg", "adreswijziging",
                "zorgmelding", "gesprek met de reclassering", "signaal van de school",
                "afspraak huisarts doorgegeven", "verslag van het netwerkoverleg")
    lines = []
    for n in range(count):
        day = date(2024, 1, 8) + timedelta(days=3 * n)
        lines.append(f"Registratie {day:%d-%m-%Y}: {subjects[n % len(subjects)]}, "
                     f"Dorpsstraat 12 (nr. {2024_000_000 + 7 * n})")
    return "\n".join(lines)


def demo_tasks(dsr: DataSubjectRequest, *, entries: int = 6) -> list[CoordinationTask]:
    """Three participants asked: politie holds data and restricts part of it, the college holds
    some, the GGD none."""
    politie, college, ggd = (_organisation(code) for code in ("politie", "college", "ggd"))
    sent_on = law.receipt_date(RECEIVED_AT)
    submitted_at = _at(date(2026, 3, 12))

    def task(number: int, organisation: Organisation, answer: TaskAnswer) -> CoordinationTask:
        answer.organisation_id = organisation.id
        return CoordinationTask(
            id=number, dsr_id=dsr.id, organisation_id=organisation.id, organisation=organisation,
            status=TaskStatus.SUBMITTED.value, shared=",name,date_of_birth,bsn,rights,",
            questions="Welke gegevens verwerkt u over betrokkene in het kader van het ZVH?",
            sent_on=sent_on, internal_due_on=date(2026, 3, 16), submitted_at=submitted_at,
            answer=answer, created_at=RECEIVED_AT, updated_at=submitted_at)

    police_answer = TaskAnswer(
        holds_data=True, categories="Mutaties uit de basisvoorziening handhaving\nAdresgegevens",
        purposes="Handhaving van de openbare orde\nDe aanpak in het casusoverleg",
        sources="Basisvoorziening Handhaving (BVH)", recipients="Reclassering Nederland\nGGD",
        retention="Vijf jaar na de eerste verwerking (artikel 1.8 lid 7 WGS)",
        data_entries=demo_entries(entries),
        position="Verwijderen kan niet: de gegevens zijn nodig voor een wettelijke taak.")
    police_answer.restrictions.append(TaskRestriction(
        id=1, organisation_id=politie.id, ground="41d",
        motivation="Er loopt een opsporingsonderzoek naar derden. Zouden wij deze mutaties "
                   "verstrekken, dan kan dat onderzoek worden geschaad."))
    police_answer.restrictions.append(TaskRestriction(
        id=2, organisation_id=politie.id, ground="41c", notice_defeats_purpose=True,
        motivation="Melding van een lopende operatie; niet melden aan betrokkene."))
    college_answer = TaskAnswer(
        holds_data=True, categories="Naam, adres en geboortedatum\nVerslagen van het "
        "netwerkoverleg", purposes="Zorg en ondersteuning (Wmo 2015)",
        sources="Het wijkteam", recipients="", retention="",
        data_entries=demo_entries(max(1, entries // 2)),
        position="Verwijderen kan niet: het wijkteam heeft de verslagen nodig voor de "
                 "ondersteuning die loopt.")
    ggd_answer = TaskAnswer(holds_data=False)
    return [task(1, politie, police_answer), task(2, college, college_answer),
            task(3, ggd, ggd_answer)]


def _organisation(code: str) -> Organisation:
    number, participant = next((n, p) for n, p in enumerate(JOINT_CONTROLLERS, start=1)
                               if p.code == code)
    return Organisation(id=number, code=participant.code, name=participant.name,
                        legal_basis=participant.legal_basis, is_joint_controller=True,
                        is_active=True)


def _part(right: Right, outcome: Outcome, grounds: list[str],
          measures: str | None = None, facts: str | None = None) -> DecisionPart:
    """As an approved draft holds it: the grounds' standard motivation and, where a ground
    needs them, the facts of the case the jurist wrote in place of the prompt."""
    motivation = "\n\n".join([GROUNDS_BY_CODE[g].motivation for g in grounds]
                              + ([facts] if facts else []))
    return DecisionPart(right=right.value, outcome=outcome.value,
                        grounds="," + ",".join(grounds) + ",", motivation=motivation or None,
                        measures=measures)


#: The case-specific reasons a jurist adds to the 17(3)(b) paragraph in the demo besluit.
DEMO_ERASURE_FACTS = (
    "In uw situatie loopt de aanpak nog: het Zorg- en Veiligheidshuis heeft in februari 2026 met "
    "u en de deelnemers een plan gemaakt, dat tot september 2026 loopt. De melding uit 2024 is "
    "daarvoor de aanleiding en is nodig om het plan te volgen. De gegevens worden sinds 12 "
    "januari 2024 verwerkt; de termijn van vijf jaar eindigt op 12 januari 2029.")


def demo_decision(dsr: DataSubjectRequest) -> Decision:
    """Inzage partly granted (a restriction), verwijdering refused, approved on 6 April 2026."""
    approved_at = _at(date(2026, 4, 6))
    decision = Decision(
        id=1, dsr_id=dsr.id, dsr=dsr, status=DecisionStatus.APPROVED.value,
        drafted_by_id=1, drafted_at=_at(date(2026, 4, 2)), submitted_at=_at(date(2026, 4, 2)),
        approved_by_id=2, approved_at=approved_at, letter_id=LETTER_ID,
        besluitdatum=law.receipt_date(approved_at), updated_at=approved_at,
        history_note="Op 25 maart 2026 hebben wij u gebeld over de melding van 2024; u heeft "
                     "toen uw verzoek om verwijdering toegelicht.")
    decision.parts = [
        _part(Right.ACCESS, Outcome.PARTLY_GRANTED, ["41d"]),
        _part(Right.ERASURE, Outcome.REFUSED, ["17-3-b"], facts=DEMO_ERASURE_FACTS),
    ]
    return decision


# ------------------------------------------------------------------------------ per kind
def _ontvangstbevestiging(kind: str) -> PreviewData:
    dsr = demo_request()
    return PreviewData(_letter(kind, dsr, dsr.received_on), dsr, demo_settings())


def _aanvulling(kind: str) -> PreviewData:
    dsr = demo_request()
    invitation = _invite(dsr, sent_on=date(2026, 3, 4), letter_id=LETTER_ID)
    dsr.status = Status.AWAITING_INFORMATION.value
    return PreviewData(_letter(kind, dsr, invitation.sent_on), dsr, demo_settings())


def _verlenging(kind: str) -> PreviewData:
    dsr = demo_request()
    dsr.extended_at = _at(date(2026, 3, 20))
    dsr.extension_reason = ("Vier organisaties in het Zorg- en Veiligheidshuis hebben gegevens "
                            "over u: de politie, "
                            "de GGD, Veilig Thuis en het wijkteam. Het gaat om ruim 300 "
                            "registraties uit drie jaar. Twee personen die in die stukken "
                            "voorkomen, vragen wij eerst om hun mening (artikel 4:8 Awb).")
    dsr.refresh_deadlines()
    return PreviewData(_letter(kind, dsr, date(2026, 3, 20)), dsr, demo_settings())


def _doorzending(kind: str) -> PreviewData:
    dsr = demo_request()
    dsr.forwarded_to = "Politie, eenheid Voorbeeldregio"
    dsr.move_to(Status.FORWARDED, actor_id=None, at=_at(date(2026, 3, 5)), kind="forwarded",
                reason="Het verzoek gaat over een proces-verbaal in een politiesysteem, niet "
                       "over het Zorg- en Veiligheidshuis.")
    return PreviewData(_letter(kind, dsr, date(2026, 3, 5)), dsr, demo_settings())


def _besluit_12_5(kind: str) -> PreviewData:
    dsr = demo_request(Right.ACCESS)
    dsr.is_possible_repeat = True
    dsr.refusal_ground = "12-5-buitensporig"
    dsr.refusal_reason = ("U heeft sinds januari 2026 vier keer om inzage gevraagd. Op elk "
                          "verzoek heeft u een volledig antwoord gekregen; sindsdien zijn er "
                          "geen nieuwe gegevens over u verwerkt.")
    dsr.move_to(Status.REFUSED_12_5, actor_id=None, at=_at(date(2026, 3, 9)),
                reason=dsr.refusal_reason)
    return PreviewData(_letter(kind, dsr, date(2026, 3, 9)), dsr, demo_settings())


def _besluit_niet_in_behandeling(kind: str) -> PreviewData:
    """Identity not shown (AVG 12(6)): on an access request the only lawful ground for 4:5
    besides representation; not specifying it never is (AVG 12(2))."""
    dsr = demo_request()
    invitation = _invite(dsr, sent_on=date(2026, 3, 4))
    invitation.purpose = "identity"
    invitation.what = ("Een kopie van uw identiteitsbewijs. De handtekening en de geboortedatum "
                       "in uw brief wijken af van wat de gemeente van u weet.")
    invitation.expired_on = invitation.term_until
    dsr.status = Status.TERM_EXPIRED.value
    dsr.refresh_deadlines()
    return PreviewData(_letter(kind, dsr, date(2026, 3, 23)), dsr, demo_settings())


def _besluit_overleden(kind: str) -> PreviewData:
    """A daughter asks, with a machtiging of her late father, for his data; the BRP shows he
    died before the request (recital 27)."""
    dsr = demo_request(Right.ACCESS)
    dsr.given_names, dsr.family_name, dsr.search_name = "Anna Maria", "de Vries", "de vries"
    dsr.representation = "gemachtigde"
    dsr.represented_name = "Gerrit de Vries"
    dsr.represented_date_of_birth = date(1948, 7, 14)
    dsr.description = "Ik wil weten wat het Zorg- en Veiligheidshuis over mijn vader heeft."
    dsr.deceased = DeceasedRecord(dsr_id=dsr.id, established_by="brp",
                                  died_on=date(2026, 1, 19), recorded_at=_at(date(2026, 3, 3)))
    dsr.status = Status.DECIDING.value
    decision = Decision(id=1, dsr_id=dsr.id, dsr=dsr, kind=DecisionKind.DECEASED.value,
                        status=DecisionStatus.APPROVED.value, drafted_by_id=1,
                        drafted_at=_at(date(2026, 3, 4)), approved_by_id=2,
                        approved_at=_at(date(2026, 3, 5)), letter_id=LETTER_ID,
                        besluitdatum=date(2026, 3, 5), updated_at=_at(date(2026, 3, 5)))
    return PreviewData(_letter(kind, dsr, date(2026, 3, 5)), dsr, demo_settings(),
                       decision=decision)


def demo_hearing(dsr: DataSubjectRequest, kind: str) -> Hearing:
    """A neighbour named in the police's report is asked before the copy goes out (Awb 4:8);
    or the applicant, before the erasure is refused on the police's data (Awb 4:7)."""
    if kind == "4_8":
        return Hearing(id=1, dsr_id=dsr.id, kind=kind, name="P. Jansen",
                       street_address="Kerkstraat 8", postcode="1234 AC", city="Voorbeeldstad",
                       regarding="Uw naam, uw adres en uw verklaring van 14 mei 2024 over een "
                                 "ruzie in de Kerkstraat, zoals de politie die heeft vastgelegd.",
                       sent_on=date(2026, 3, 16), term_until=date(2026, 3, 30),
                       letter_id=LETTER_ID, answered_on=date(2026, 3, 25),
                       answer_summary="Bezwaar tegen het verstrekken van naam en adres.",
                       weighing="Die belanghebbende had bezwaar tegen het verstrekken van naam "
                                "en adres. Wij hebben die gegevens in de kopie onleesbaar "
                                "gemaakt; de verklaring zelf verstrekken wij wel, omdat die over "
                                "u gaat (artikel 15 lid 4 AVG).",
                       weighed_at=_at(date(2026, 3, 27)), created_at=_at(date(2026, 3, 16)))
    return Hearing(id=2, dsr_id=dsr.id, kind=kind,
                   regarding="Wij zijn van plan uw verzoek om verwijdering af te wijzen. De "
                             "politie heeft de melding van 2024 nodig voor een lopend "
                             "onderzoek; dat wijkt af van wat u ons schreef, namelijk dat de "
                             "zaak is afgesloten.",
                   sent_on=date(2026, 3, 16), term_until=date(2026, 3, 30), letter_id=LETTER_ID,
                   created_at=_at(date(2026, 3, 16)))


def _zienswijze(kind: str) -> PreviewData:
    dsr = demo_request()
    dsr.status = Status.IN_PROGRESS.value
    hearing = demo_hearing(dsr, "4_7" if kind == "zienswijze_aanvrager" else "4_8")
    hearing.answered_on = hearing.answer_summary = hearing.weighing = None
    hearing.weighed_at = None
    return PreviewData(_letter(kind, dsr, date(2026, 3, 16)), dsr, demo_settings(),
                       hearings=[hearing])


def _besluit(kind: str, *, entries: int = 6) -> PreviewData:
    dsr = demo_request()
    _invite(dsr, sent_on=date(2026, 3, 4), answered_on=date(2026, 3, 9))
    dsr.status = Status.DECIDING.value
    decision = demo_decision(dsr)
    tasks = demo_tasks(dsr, entries=entries)
    return PreviewData(_letter(kind, dsr, date(2026, 4, 7)), dsr, demo_settings(),
                       decision=decision, tasks=tasks, hearings=[demo_hearing(dsr, "4_8")])


def _simple_besluit(kind: str) -> PreviewData:
    """The shortest common besluit: a rectificatie granted in full, with no aanvulling and no
    restriction. What every besluit must still say (the legal basis, 3:47; the bezwaarclausule,
    3:45; the signature under mandate, 10:10) makes it three pages on our layout."""
    dsr = demo_request(Right.RECTIFICATION)
    dsr.description = "Mijn adres in de registratie van de politie is niet juist."
    dsr.rectification_wrong = "Adres: Kerkstraat 4, Voorbeeldstad"
    dsr.rectification_correct = "Adres: Dorpsstraat 12, 1234 AB Voorbeeldstad"
    dsr.status = Status.DECIDING.value
    decision = demo_decision(dsr)
    decision.history_note = None
    decision.parts = [_part(Right.RECTIFICATION, Outcome.GRANTED, [], measures=(
        "De politie verbetert uw adres in haar registratie binnen een week na dit besluit."))]
    tasks = demo_tasks(dsr)
    for task in tasks:
        assert task.answer is not None
        task.answer.restrictions.clear()
    # A case meeting's incidental third party received the old address (WGS 2.31).
    third_parties = [ThirdParty(dsr_id=dsr.id, name="Woonstichting Voorbeeldstad",
                                role="recipient", recorded_at=_at(date(2026, 3, 20)))]
    return PreviewData(_letter(kind, dsr, date(2026, 3, 30)), dsr, demo_settings(),
                       decision=decision, tasks=tasks, third_parties=third_parties)


def _breach_document(kind: str) -> PreviewData:
    letter, breach, breach_settings = breach_letters.preview_objects(kind)
    return PreviewData(letter, demo_request(), demo_settings(),
                       given=breach_letters.preview_given(breach, breach_settings))


def _annual_report(kind: str) -> PreviewData:
    letter, report = annual_report.preview_objects()
    return PreviewData(letter, demo_request(), demo_settings(),
                       given=annual_report.preview_given(report))


def _bezwaar_letter(kind: str) -> PreviewData:
    """A bezwaar against the demo besluit, as far along as the kind needs."""
    data = _besluit("besluit")
    letter = _letter(kind, data.dsr, date(2026, 5, 6))
    assert data.decision is not None
    bezwaar = bezwaar_letters.preview_bezwaar(kind, letter, data.dsr, data.decision)
    fixing = bezwaar_letters.preview_fixing(data.dsr)
    letter.kenmerk = bezwaar.kenmerk if kind in bezwaar_letters.BEZWAAR_KINDS else (
        f"{data.dsr.reference}-D1")
    letter.dagtekening = _at({"bezwaar_ontvangst": date(2026, 5, 4),
                              "bezwaar_herstel": date(2026, 5, 5),
                              "bezwaar_hoorzitting": date(2026, 5, 15),
                              "bezwaar_verdaging": date(2026, 6, 8),
                              "bezwaar_uitstel": date(2026, 7, 20),
                              "dwangsom_vaststelling": date(2026, 5, 12),
                              "termijn_niet_gehaald": date(2026, 3, 30)}.get(kind,
                                                                              date(2026, 7, 27)))
    if kind in bezwaar_letters.BESLUIT_KINDS:
        letter.signatory = DEMO_SIGNATORY
    return PreviewData(letter, data.dsr, demo_settings(), decision=data.decision,
                       tasks=data.tasks,
                       given=bezwaar_letters.preview_given(bezwaar, fixing))


_BUILDERS: Final[dict[str, Callable[[str], PreviewData]]] = {
    "ontvangstbevestiging": _ontvangstbevestiging,
    "aanvulling": _aanvulling,
    "verlenging": _verlenging,
    "doorzending": _doorzending,
    "besluit_12_5": _besluit_12_5,
    "besluit_niet_in_behandeling": _besluit_niet_in_behandeling,
    "besluit": _besluit,
    "besluit_overleden": _besluit_overleden,
    "zienswijze_aanvrager": _zienswijze,
    "zienswijze_derde": _zienswijze,
    "datalek_melding_ap": _breach_document,
    "datalek_bericht": _breach_document,
    annual_report.KIND: _annual_report,
    **{name: _bezwaar_letter for name in bezwaar_letters.KIND_NAMES},
}


def demo_data(kind: str, *, annex_entries: int | None = None, simple: bool = False
              ) -> PreviewData:
    """The demo objects for ``kind``. For the besluit: ``annex_entries`` sets how many lines of
    data the police's answer has in the annex (the college's: half as many); ``simple`` gives the
    shortest besluit, a rectificatie granted, instead of the demo's inzage and verwijdering."""
    if kind not in PREVIEW_KINDS or kind not in _BUILDERS:
        raise UnknownPreviewKind(kind)
    if kind == "besluit" and simple:
        return _simple_besluit(kind)
    if kind == "besluit" and annex_entries is not None:
        return _besluit(kind, entries=annex_entries)
    return _BUILDERS[kind](kind)


# ------------------------------------------------------------------------------ rendering
def given(data: PreviewData) -> Given:
    """What the context functions read for this preview instead of the database."""
    return {
        frame.load_request: lambda letter: data.dsr,
        frame.contact_point_settings: lambda: data.settings,
        besluit_letters.load_decision: lambda letter: _required_decision(data),
        besluit_letters.load_tasks: lambda dsr: list(data.tasks),
        besluit_letters.load_third_party_recipients: lambda dsr: list(data.third_parties),
        besluit_letters.load_hearings: lambda dsr: list(data.hearings),
        hearing_letters.load_hearing: lambda letter: data.hearings[0],
        **data.given,
    }


def _required_decision(data: PreviewData) -> Decision:
    if data.decision is None:
        raise frame.LetterDataMissing(f"preview of {data.letter.kind}: no decision")
    return data.decision


def render_preview_html(data: PreviewData) -> str:
    """The letter's HTML, as the render job makes it. Needs an app context (templates)."""
    return render_letter_html(data.letter, given=given(data))


def render_preview_pdf(data: PreviewData) -> tuple[bytes, int]:
    """The PDF/A and its page count."""
    return render_pdf_with_pages(render_preview_html(data))

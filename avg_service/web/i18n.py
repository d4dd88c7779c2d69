"""Dutch first, English too, for the public pages (staff screens and letters are Dutch).

The language of a public page is part of its URL (``/`` and ``/en/``), so a link can be shared and
bookmarked in either language. Texts are kept here per key; plain language (taalniveau B1).
"""

from __future__ import annotations

from typing import Any

from flask import g

from avg_service.web.messages_form import FORM_MESSAGES
from avg_service.web.messages_portal import PORTAL_MESSAGES
from avg_service.web.messages_schema import ENGLISH as SCHEMA_ENGLISH

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

MESSAGES: dict[str, dict[str, str]] = {
    "nl": {
        "site.name": "Contactpunt AVG-rechten",
        "site.tagline": "Zorg- en Veiligheidshuis",
        "nav.skip": "Ga direct naar de inhoud",
        "nav.main": "Hoofdmenu",
        "nav.home": "Home",
        "lang.switch": "English",
        "lang.switch.label": "Read this page in English",
        "footer.text": "Dit contactpunt handelt verzoeken over persoonsgegevens af voor alle "
        "deelnemers van het Zorg- en Veiligheidshuis (Wet gegevensverwerking door "
        "samenwerkingsverbanden).",
        "start.title": "Uw rechten bij het Zorg- en Veiligheidshuis",
        "start.intro": "Werkt het Zorg- en Veiligheidshuis aan een situatie waarin u betrokken "
        "bent? Dan mag u weten welke gegevens de organisaties over u hebben. U kunt ook vragen "
        "om gegevens te verbeteren, te verwijderen of minder te gebruiken.",
        "start.one_place.title": "Eén plek voor al uw vragen",
        "start.one_place.body": "U hoeft niet elke organisatie apart te vragen. Uw verzoek aan "
        "dit contactpunt geldt voor alle overheidsorganisaties in het Zorg- en Veiligheidshuis: "
        "de Raad voor de Kinderbescherming, de Dienst Justitiële Inrichtingen, de politie, het "
        "Openbaar Ministerie, de burgemeester, het college van burgemeester en wethouders en de "
        "GGD.",
        "start.rights.title": "Wat kunt u vragen?",
        "start.right.15": "Inzage: welke gegevens hebben de organisaties over mij?",
        "start.right.16": "Verbetering: mijn gegevens kloppen niet.",
        "start.right.17": "Verwijdering: mijn gegevens moeten weg.",
        "start.right.18": "Beperking: gebruik mijn gegevens voorlopig minder.",
        "start.right.21": "Bezwaar: ik wil niet dat mijn gegevens zo worden gebruikt.",
        "start.term.title": "Hoe lang duurt het?",
        "start.term.body": "U krijgt binnen één maand een besluit. Is uw verzoek ingewikkeld, dan "
        "kan dat twee maanden langer duren. Dat laten wij u dan binnen de eerste maand weten, "
        "met de reden.",
        "start.free": "Een verzoek doen is gratis.",
        "error.title.400": "Er ging iets mis met uw verzoek",
        "error.body.400": "De pagina kon uw gegevens niet verwerken. Ga terug en probeer het "
        "opnieuw.",
        "error.title.403": "U heeft geen toegang tot deze pagina",
        "error.body.403": "Deze pagina is alleen voor medewerkers die daarvoor bevoegd zijn.",
        "error.title.404": "Deze pagina bestaat niet",
        "error.body.404": "Controleer het adres of ga naar de startpagina.",
        "error.title.500": "Er ging iets mis bij ons",
        "error.body.500": "Probeer het later opnieuw. Er is niets van uw gegevens verloren "
        "gegaan.",
        "error.title.other": "Er ging iets mis",
        "error.body.other": "Probeer het later opnieuw.",
        "error.home": "Naar de startpagina",
        "error.reference": "Kenmerk voor de helpdesk",
        "footer.accessibility": "Toegankelijkheid",
        "a11y.title": "Toegankelijkheidsverklaring",
        "a11y.intro": "Wij willen dat iedereen deze website kan gebruiken: ook met een "
        "schermlezer, alleen met het toetsenbord, met een vergroot scherm of op een kleine "
        "telefoon.",
        "a11y.standard.title": "Aan welke eisen willen wij voldoen?",
        "a11y.standard.body": "Overheidswebsites moeten voldoen aan de Europese norm EN 301 549, "
        "met daarin de WCAG 2.1 op niveau A en AA (Besluit digitale toegankelijkheid overheid).",
        "a11y.status.title": "Hoe ver zijn wij?",
        "a11y.status.body": "Deze website voldoet gedeeltelijk. Wij hebben zelf getest; een "
        "onafhankelijk onderzoek is nog niet gedaan.",
        "a11y.checked.title": "Hoe hebben wij dit gecontroleerd?",
        "a11y.checked.1": "Elke pagina wordt bij elke wijziging automatisch getest met axe-core, "
        "op een telefoon van 320 pixels breed en op een computerscherm van 1280 pixels.",
        "a11y.checked.2": "Op elke pagina controleren wij dat niets zijwaarts schuift bij 320 "
        "pixels (WCAG 1.4.10).",
        "a11y.checked.3": "Wij hebben de formulieren met alleen het toetsenbord ingevuld.",
        "a11y.known.title": "Wat werkt nog niet goed?",
        "a11y.known.1": "De brieven (PDF) zijn doorzoekbaar en archiveerbaar (PDF/A-2u), maar nog "
        "niet volledig getagd voor schermlezers. Wilt u een brief in een andere vorm? Vraag het "
        "ons.",
        "a11y.known.2": "Een onafhankelijke toetsing met echte gebruikers en hulpmiddelen is nog "
        "niet gedaan.",
        "a11y.contact.title": "Werkt iets niet voor u?",
        "a11y.contact.body": "Laat het ons weten. Wij antwoorden binnen 5 werkdagen en zoeken "
        "samen met u een oplossing.",
        "a11y.contact.email": "E-mail",
        "a11y.contact.phone": "Telefoon",
        "a11y.contact.post": "Post",
        "a11y.updated": "Deze verklaring is opgesteld op 2 december 2026.",
    },
    "en": {
        "site.name": "Data protection contact point",
        "site.tagline": "Zorg- en Veiligheidshuis (Care and Safety House)",
        "nav.skip": "Skip to content",
        "nav.main": "Main menu",
        "nav.home": "Home",
        "lang.switch": "Nederlands",
        "lang.switch.label": "Lees deze pagina in het Nederlands",
        "footer.text": "This contact point handles requests about personal data for all "
        "participants of the Zorg- en Veiligheidshuis (Dutch Act on data processing by "
        "partnerships, WGS).",
        "start.title": "Your rights at the Zorg- en Veiligheidshuis",
        "start.intro": "Is the Zorg- en Veiligheidshuis working on a situation that involves "
        "you? Then you may know what data the organisations hold about you. You can also ask "
        "them to correct your data, delete it or use it less.",
        "start.one_place.title": "One place for all your questions",
        "start.one_place.body": "You do not have to ask each organisation separately. Your "
        "request to this contact point counts for all government organisations in the Zorg- en "
        "Veiligheidshuis: the Child Care and Protection Board, the Custodial Institutions "
        "Agency, the police, the Public Prosecution Service, the mayor, the municipal executive "
        "and the municipal health service (GGD).",
        "start.rights.title": "What can you ask?",
        "start.right.15": "Access: what data do the organisations hold about me?",
        "start.right.16": "Rectification: my data is wrong.",
        "start.right.17": "Erasure: my data must be deleted.",
        "start.right.18": "Restriction: use my data less for now.",
        "start.right.21": "Objection: I do not want my data used this way.",
        "start.term.title": "How long does it take?",
        "start.term.body": "You receive a decision within one month. If your request is "
        "complex, it can take two more months. We will tell you so within the first month, "
        "with the reason.",
        "start.free": "Making a request is free of charge.",
        "error.title.400": "Something went wrong with your request",
        "error.body.400": "The page could not process your data. Go back and try again.",
        "error.title.403": "You do not have access to this page",
        "error.body.403": "This page is only for authorised staff.",
        "error.title.404": "This page does not exist",
        "error.body.404": "Check the address or go to the start page.",
        "error.title.500": "Something went wrong on our side",
        "error.body.500": "Please try again later. None of your data was lost.",
        "error.title.other": "Something went wrong",
        "error.body.other": "Please try again later.",
        "error.home": "To the start page",
        "error.reference": "Reference for the helpdesk",
        "footer.accessibility": "Accessibility",
        "a11y.title": "Accessibility statement",
        "a11y.intro": "We want everyone to be able to use this website: also with a screen "
        "reader, with only a keyboard, with a magnified screen or on a small phone.",
        "a11y.standard.title": "Which requirements do we aim for?",
        "a11y.standard.body": "Dutch government websites must meet the European standard EN 301 "
        "549, which contains WCAG 2.1 at level A and AA (Besluit digitale toegankelijkheid "
        "overheid).",
        "a11y.status.title": "How far are we?",
        "a11y.status.body": "This website partially complies. We tested it ourselves; an "
        "independent audit has not been done yet.",
        "a11y.checked.title": "How did we check this?",
        "a11y.checked.1": "Every page is tested automatically with axe-core at every change, on "
        "a phone 320 pixels wide and on a 1280 pixel desktop screen.",
        "a11y.checked.2": "On every page we check that nothing scrolls sideways at 320 pixels "
        "(WCAG 1.4.10).",
        "a11y.checked.3": "We filled in the forms using only the keyboard.",
        "a11y.known.title": "What does not work well yet?",
        "a11y.known.1": "The letters (PDF) are searchable and archivable (PDF/A-2u), but not yet "
        "fully tagged for screen readers. Do you need a letter in another form? Ask us.",
        "a11y.known.2": "An independent assessment with real users and assistive technology has "
        "not been done yet.",
        "a11y.contact.title": "Does something not work for you?",
        "a11y.contact.body": "Let us know. We answer within 5 working days and look for a "
        "solution together with you.",
        "a11y.contact.email": "E-mail",
        "a11y.contact.phone": "Telephone",
        "a11y.contact.post": "Post",
        "a11y.updated": "This statement was drawn up on 2 December 2026.",
    },
}


def localise_errors(errors: Any, language: str | None = None) -> Any:
    """Replace message keys (``err.*``, ``upload.*``) in a nested error structure by their
    text in ``language`` (default: the page's); other strings stay as they are."""
    lang = language or current_language()
    if isinstance(errors, dict):
        return {k: localise_errors(v, lang) for k, v in errors.items()}
    if isinstance(errors, list):
        return [localise_errors(v, lang) for v in errors]
    if isinstance(errors, str) and errors in MESSAGES[DEFAULT_LANGUAGE]:
        return MESSAGES[lang].get(errors) or MESSAGES[DEFAULT_LANGUAGE][errors]
    if isinstance(errors, str) and lang == "en":  # a default of the catalogue (messages_schema)
        return SCHEMA_ENGLISH.get(errors, errors)
    return errors


def current_language() -> str:
    lang = g.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str) -> str:
    """The text for ``key`` in the page's language; a missing key is a bug, shown as the key."""
    return MESSAGES[current_language()].get(key) or MESSAGES[DEFAULT_LANGUAGE].get(key, key)


def language_from_path(path: str) -> str:
    return "en" if path == "/en" or path.startswith("/en/") else DEFAULT_LANGUAGE


for _extra in (FORM_MESSAGES, PORTAL_MESSAGES):
    for _lang, _texts in _extra.items():
        MESSAGES[_lang].update(_texts)

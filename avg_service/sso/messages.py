"""Texts of the DigiD pages for requesters, Dutch and English (B1)."""

from __future__ import annotations

SSO_MESSAGES: dict[str, dict[str, str]] = {
    "nl": {
        "digid.button": "Inloggen met DigiD",
        "digid.button.for": "Inloggen met DigiD bij {organisation}",
        "digid.form.intro": "Heeft u DigiD? Log dan eerst in. Wij vullen uw burgerservicenummer "
        "(BSN) dan voor u in en weten zeker dat het verzoek van u komt. Inloggen is niet "
        "verplicht.",
        "digid.form.logged_in": "U bent ingelogd met DigiD. Uw burgerservicenummer is ingevuld.",
        "digid.form.mandate": "U bent ingelogd met DigiD Machtigen. U doet dit verzoek voor de "
        "persoon die u heeft gemachtigd; het burgerservicenummer van die persoon is ingevuld.",
        "digid.form.bsn_locked": "Dit nummer komt uit DigiD en kunt u niet wijzigen.",
        "digid.form.bsn_locked.mandate": "Dit is het burgerservicenummer van de persoon die u "
        "heeft gemachtigd. Het komt uit DigiD Machtigen en kunt u niet wijzigen.",
        "digid.logout": "Uitloggen bij DigiD",
        "digid.status.intro": "Heeft u een verzoek gedaan? Met DigiD ziet u al uw verzoeken.",
        "digid.status.link": "Bekijk mijn verzoeken met DigiD",
        "digid.list.title": "Mijn verzoeken",
        "digid.list.intro": "Dit zijn de verzoeken bij het contactpunt met uw "
        "burgerservicenummer.",
        "digid.list.intro.mandate": "Dit zijn de verzoeken die u met DigiD Machtigen heeft "
        "gedaan voor de persoon die u heeft gemachtigd.",
        "digid.list.none": "Wij hebben geen verzoeken gevonden met dit burgerservicenummer. "
        "Heeft u een verzoek gedaan zonder DigiD en zonder uw burgerservicenummer? Gebruik dan "
        "de persoonlijke link uit uw e-mail.",
        "digid.list.reference": "Kenmerk",
        "digid.list.received": "Ontvangen op",
        "digid.list.status": "Stand van zaken",
        "digid.list.open": "Bekijk verzoek",
        "digid.list.login": "Log in met DigiD om uw verzoeken te zien.",
        "digid.list.new": "Nieuw verzoek doen",
        "digid.not_yours": "Dit verzoek kunt u met deze DigiD-login niet bekijken.",
        "digid.failed.title": "Inloggen met DigiD is niet gelukt",
        "digid.failed.expired": "Het inloggen duurde te lang of is niet op deze website "
        "begonnen. Probeer het opnieuw.",
        "digid.failed.cancelled": "U heeft het inloggen met DigiD afgebroken.",
        "digid.failed.unreachable": "DigiD is nu niet bereikbaar. Probeer het later opnieuw. U "
        "kunt het formulier ook zonder DigiD invullen.",
        "digid.failed.loa": "Voor dit contactpunt is een hoger DigiD-niveau nodig. Log in met "
        "de DigiD app met ID-check. U kunt het formulier ook zonder DigiD invullen.",
        "digid.failed.generic": "Er ging iets mis bij het inloggen met DigiD. Probeer het "
        "opnieuw, of vul het formulier zonder DigiD in.",
        "digid.failed.back": "Terug naar het formulier",
    },
    "en": {
        "digid.button": "Log in with DigiD",
        "digid.button.for": "Log in with DigiD at {organisation}",
        "digid.form.intro": "Do you have DigiD? Then log in first. We fill in your citizen "
        "service number (BSN) for you and know for sure that the request comes from you. "
        "Logging in is not required.",
        "digid.form.logged_in": "You are logged in with DigiD. Your citizen service number has "
        "been filled in.",
        "digid.form.mandate": "You are logged in with DigiD Machtigen. You make this request for "
        "the person who authorised you; that person's citizen service number has been filled in.",
        "digid.form.bsn_locked": "This number comes from DigiD and cannot be changed.",
        "digid.form.bsn_locked.mandate": "This is the citizen service number of the person who "
        "authorised you. It comes from DigiD Machtigen and cannot be changed.",
        "digid.logout": "Log out of DigiD",
        "digid.status.intro": "Have you made a request? With DigiD you see all your requests.",
        "digid.status.link": "See my requests with DigiD",
        "digid.list.title": "My requests",
        "digid.list.intro": "These are the requests at the contact point with your citizen "
        "service number.",
        "digid.list.intro.mandate": "These are the requests you made with DigiD Machtigen for "
        "the person who authorised you.",
        "digid.list.none": "We found no requests with this citizen service number. Did you make "
        "a request without DigiD and without your citizen service number? Then use the personal "
        "link from your e-mail.",
        "digid.list.reference": "Reference",
        "digid.list.received": "Received on",
        "digid.list.status": "Status",
        "digid.list.open": "View request",
        "digid.list.login": "Log in with DigiD to see your requests.",
        "digid.list.new": "Make a new request",
        "digid.not_yours": "You cannot view this request with this DigiD log-in.",
        "digid.failed.title": "Logging in with DigiD did not work",
        "digid.failed.expired": "Logging in took too long or did not start on this website. "
        "Please try again.",
        "digid.failed.cancelled": "You stopped logging in with DigiD.",
        "digid.failed.unreachable": "DigiD cannot be reached right now. Please try again later. "
        "You can also fill in the form without DigiD.",
        "digid.failed.loa": "This contact point needs a higher DigiD level. Log in with the "
        "DigiD app with ID check. You can also fill in the form without DigiD.",
        "digid.failed.generic": "Something went wrong while logging in with DigiD. Please try "
        "again, or fill in the form without DigiD.",
        "digid.failed.back": "Back to the form",
    },
}

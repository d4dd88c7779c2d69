"""The toegankelijkheidsverklaring: a public page in Dutch and English, linked from every page."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_the_statement_is_public_in_both_languages(client: FlaskClient) -> None:
    dutch = client.get("/toegankelijkheid")
    english = client.get("/en/accessibility")
    assert dutch.status_code == english.status_code == 200
    assert "Toegankelijkheidsverklaring" in dutch.get_data(as_text=True)
    assert "WCAG 2.1" in dutch.get_data(as_text=True)
    assert 'lang="en"' in english.get_data(as_text=True)
    assert "Accessibility statement" in english.get_data(as_text=True)


def test_every_public_page_links_to_it_in_its_language(client: FlaskClient) -> None:
    for path, link in (("/", "/toegankelijkheid"), ("/verzoek", "/toegankelijkheid"),
                       ("/inloggen", "/toegankelijkheid"), ("/status/nieuwe-link", "/toegankelijkheid"),
                       ("/wachtwoord-vergeten", "/toegankelijkheid"), ("/bestaat-niet", "/toegankelijkheid"),
                       ("/en/", "/en/accessibility"), ("/en/request", "/en/accessibility"),
                       ("/en/status/new-link", "/en/accessibility")):
        html = client.get(path).get_data(as_text=True)
        assert f'href="{link}"' in html, path

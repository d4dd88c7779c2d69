"""The municipality's colour and logo as settings; a colour too light for white text is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from avg_service.config import ConfigError, Settings, contrast_with_white
from tests.conftest import make_app


@pytest.mark.parametrize(("colour", "ratio"), [("#000000", 21.0), ("#ffffff", 1.0),
                                               ("#154273", 10.3)])
def test_contrast_of_white_text(colour: str, ratio: float) -> None:
    assert contrast_with_white(colour) == pytest.approx(ratio, abs=0.1)


def test_a_light_colour_or_a_wrong_logo_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="too light"):
        Settings.from_env({"AVG_BRAND_COLOUR": "#ffcc00"}, instance_path=tmp_path)
    with pytest.raises(ConfigError, match="like #154273"):
        Settings.from_env({"AVG_BRAND_COLOUR": "red"}, instance_path=tmp_path)
    with pytest.raises(ConfigError, match="AVG_LOGO_FILE"):
        Settings.from_env({"AVG_LOGO_FILE": str(tmp_path / "none.gif")}, instance_path=tmp_path)


def test_the_pages_wear_the_colour_and_the_logo(tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    app = make_app("sqlite:///" + str(tmp_path / "a.sqlite3"), tmp_path,
                   AVG_BRAND_COLOUR="#8B0000", AVG_LOGO_FILE=str(logo))
    client = app.test_client()
    css = client.get("/huisstijl.css")
    assert css.mimetype == "text/css" and "--brand: #8b0000" in css.get_data(as_text=True)
    assert client.get("/huisstijl/logo").data.startswith(b"<svg")
    page = client.get("/").get_data(as_text=True)
    assert 'src="/huisstijl/logo"' in page and 'href="/huisstijl.css"' in page
    assert "utrecht-component-library.css" in page  # served by us, never a CDN
    plain = make_app("sqlite:///" + str(tmp_path / "b.sqlite3"), tmp_path).test_client()
    assert plain.get("/huisstijl/logo").status_code == 404
    assert "site-logo" not in plain.get("/").get_data(as_text=True)

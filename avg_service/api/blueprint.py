"""flask-smorest's ``Blueprint`` with typed decorators.

flask-smorest ships no type hints, so every ``@blp.arguments``/``@blp.response`` made the view
untyped and kept the API modules out of ``mypy --strict``. This subclass only declares, for the
type checker, what those decorators already do: hand back the function they wrap. At run time it
is flask-smorest's own class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import flask_smorest

F = TypeVar("F", bound=Callable[..., Any])


class Blueprint(flask_smorest.Blueprint):  # type: ignore[misc]  # an untyped base
    if TYPE_CHECKING:
        def route(self, rule: str, *, parameters: Any = None, tags: Any = None,
                  **options: Any) -> Callable[[F], F]: ...

        def get(self, rule: str, **options: Any) -> Callable[[F], F]: ...

        def post(self, rule: str, **options: Any) -> Callable[[F], F]: ...

        def put(self, rule: str, **options: Any) -> Callable[[F], F]: ...

        def patch(self, rule: str, **options: Any) -> Callable[[F], F]: ...

        def delete(self, rule: str, **options: Any) -> Callable[[F], F]: ...

        def arguments(self, schema: Any, *, location: str = "json", **kwargs: Any
                      ) -> Callable[[F], F]: ...

        def response(self, status_code: int | str, schema: Any = None, **kwargs: Any
                     ) -> Callable[[F], F]: ...

        def alt_response(self, status_code: int | str, **kwargs: Any) -> Callable[[F], F]: ...

        def doc(self, **kwargs: Any) -> Callable[[F], F]: ...

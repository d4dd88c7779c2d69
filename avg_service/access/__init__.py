"""Who may do what: roles, the actor of a request, the policy, and the route guard.

``policy`` is pure Python and answers one question: may this actor do this action on this
object? Everything else (pages, API, lists, downloads, exports) asks it. Deny by default.
"""

"""Single sign-on: staff through their organisation's OpenID provider, requesters with DigiD."""

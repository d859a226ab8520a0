#!/usr/bin/env python3
"""Validates a Tessera access token the way a third-party gateway would: PyJWT, keys from the JWKS.

usage: pyjwt_validate.py JWKS_URL TOKEN ISSUER AUDIENCE

Exit 0 and print the token's client_id when PyJWT accepts it; exit 1 with the reason when it
rejects it; exit 2 when PyJWT or cryptography (needed for EdDSA) is not installed.
"""
import json
import sys
import urllib.request

try:
    import cryptography  # noqa: F401  (PyJWT's EdDSA support needs it)
    import jwt
    from jwt import PyJWK
except ImportError as error:
    print(f"missing Python package: {error}")
    sys.exit(2)


def main() -> int:
    jwks_url, token, issuer, audience = sys.argv[1:5]
    with urllib.request.urlopen(jwks_url, timeout=5) as response:
        jwks = json.load(response)
    header = jwt.get_unverified_header(token)
    if header.get("typ", "").lower() not in ("at+jwt", "application/at+jwt"):
        print(f"invalid: typ {header.get('typ')!r} is not at+jwt")
        return 1
    matching = [key for key in jwks.get("keys", []) if key.get("kid") == header.get("kid")]
    if len(matching) != 1:
        print(f"invalid: kid {header.get('kid')!r} is not in the JWKS exactly once")
        return 1
    key = PyJWK.from_dict(matching[0])
    try:
        claims = jwt.decode(
            token,
            key=key.key,
            # The algorithm the JWKS publishes for this key (EdDSA, ES256 or RS256), never the
            # token's own choice.
            algorithms=[matching[0].get("alg", "EdDSA")],
            audience=audience,
            issuer=issuer,
            options={"require": ["exp", "iat", "iss", "sub", "aud", "jti"]},
        )
    except jwt.PyJWTError as error:
        print(f"invalid: {error}")
        return 1
    print(claims["client_id"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

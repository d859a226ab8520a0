#!/usr/bin/env python3
"""Gets a token from Tessera the way an Authlib client does with private_key_jwt (RFC 7523).

usage: authlib_private_key_jwt.py POST_URL TOKEN_ENDPOINT CLIENT_ID PRIVATE_KEY_PEM_FILE ALG

POST_URL is where the request goes (the test server's loopback address); TOKEN_ENDPOINT is the
token endpoint the metadata advertises, which Authlib puts into the assertion's aud. Authlib is used
unmodified: OAuth2Session with its PrivateKeyJWT auth method (default assertion lifetime, 1 h).
Exit 0 and print the access token on success; exit 1 with the error; exit 2 when Authlib or
requests is not installed.
"""
import sys
import warnings

# joserfc warns that RFC 9864 deprecated the name EdDSA; stdout carries only the token.
warnings.simplefilter("ignore")

try:
    from authlib.integrations.requests_client import OAuth2Session
    from authlib.oauth2.rfc7523 import PrivateKeyJWT
except ImportError as error:
    print(f"missing Python package: {error}")
    sys.exit(2)


def client_key(pem: str):
    """The PEM as Authlib of this version takes it: Authlib 1.6 and later sign through joserfc and
    read a bare PEM as RSA, so an Ed25519 or P-256 key goes in as a joserfc key object, as their
    documentation shows; earlier versions take the PEM itself."""
    try:
        from joserfc.jwk import ECKey, OKPKey, RSAKey
    except ImportError:
        return pem
    for kind in (OKPKey, ECKey, RSAKey):
        try:
            return kind.import_key(pem)
        except Exception:  # noqa: BLE001 (not this key type: try the next)
            continue
    return pem


def main() -> int:
    post_url, token_endpoint, client_id, key_file, alg = sys.argv[1:6]
    with open(key_file) as handle:
        private_key = client_key(handle.read())
    session = OAuth2Session(client_id, private_key, token_endpoint_auth_method="private_key_jwt")
    session.register_client_auth_method(PrivateKeyJWT(token_endpoint, alg=alg))
    try:
        token = session.fetch_token(post_url, grant_type="client_credentials")
    except Exception as error:  # noqa: BLE001 (any failure is the answer)
        print(f"error: {error}")
        return 1
    print(token["access_token"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

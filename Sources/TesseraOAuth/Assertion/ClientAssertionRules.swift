import TesseraJOSE

/// The checks RFC 7523 §3 asks of a client assertion, with Tessera's bounds:
/// - `alg` one of EdDSA, Ed25519, ES256, RS256, PS256 (never `none`, never HMAC: a shared secret
///   is what private_key_jwt replaces) and a registered key of the client accepting it, named by
///   `kid` when the header has one; the signature verifies under that key;
/// - `iss` = `sub` = the client id (bytes);
/// - `aud` holds the issuer or the token endpoint URL (bytes);
/// - `exp` present, in the future, at most `maximumLifetime` (+ the clock skew) ahead;
/// - `nbf` and `iat`, when present, at most the clock skew (30 s) ahead.
/// The single use of `jti` is checked after these by the caller (`AssertionReplay`).
package struct ClientAssertionRules: Sendable {
    /// Authlib's default assertion lifetime.
    package static let maximumLifetime: Int64 = 3600
    package static let algorithms: Set<String> = ["EdDSA", "Ed25519", "ES256", "RS256", "PS256"]

    /// The accepted audiences: the issuer and the token endpoint URL.
    package let audiences: [String]

    package init(issuer: String) {
        var base = issuer
        while base.hasSuffix("/") { base.removeLast() }
        audiences = [issuer, base + "/oauth/token"]
    }

    /// Checks `assertion` (the raw bytes `bytes`) for `clientID` against its registered keys.
    package func check(_ assertion: ClientAssertion, bytes: [UInt8], clientID: String, keys: ClientKeySet, now: Int64) throws(OAuthError) {
        guard Self.algorithms.contains(assertion.algorithm), let algorithm = JWSAlgorithm(rawValue: assertion.algorithm) else {
            throw OAuthError.invalidClient("client_assertion alg \"\(assertion.algorithm)\" is not accepted")
        }
        let candidates = keys.candidates(algorithm: algorithm, kid: assertion.keyID)
        guard !candidates.isEmpty else { throw OAuthError.invalidClient("no key registered for this client verifies the assertion") }
        let valid = bytes.withUnsafeBytes { raw in
            assertion.signature.withUnsafeBytes { signature in
                // Several candidates only when the header names no kid: each is one verification.
                candidates.contains { $0.verify(algorithm, signature: signature, signingInput: UnsafeRawBufferPointer(rebasing: raw[assertion.signingInput])) }
            }
        }
        guard valid else { throw OAuthError.invalidClient("client_assertion signature does not verify") }
        guard assertion.issuer.utf8.elementsEqual(clientID.utf8), assertion.subject.utf8.elementsEqual(clientID.utf8) else {
            throw OAuthError.invalidClient("client_assertion iss and sub must both be the client id")
        }
        guard assertion.audience.contains(where: { aud in audiences.contains { $0.utf8.elementsEqual(aud.utf8) } }) else {
            throw OAuthError.invalidClient("client_assertion aud must hold the issuer or the token endpoint URL")
        }
        guard let exp = assertion.expiresAt else { throw OAuthError.invalidClient("client_assertion has no exp") }
        guard exp > now else { throw OAuthError.invalidClient("client_assertion has expired") }
        guard exp <= now + Self.maximumLifetime + KeyRing.clockSkew else {
            throw OAuthError.invalidClient("client_assertion exp is more than \(Self.maximumLifetime / 60) minutes ahead")
        }
        if let nbf = assertion.notBefore, nbf > now + KeyRing.clockSkew {
            throw OAuthError.invalidClient("client_assertion nbf lies in the future")
        }
        if let iat = assertion.issuedAt, iat > now + KeyRing.clockSkew {
            throw OAuthError.invalidClient("client_assertion iat lies in the future")
        }
        guard assertion.jwtID.utf8.count <= 255 else { throw OAuthError.invalidClient("client_assertion jti is longer than 255 bytes") }
    }
}

extension KeyRing {
    /// base64url length of the longest signature any supported key makes (RSA-8192).
    package static let maximumSignatureCharacters = 1366

    /// Verifies a compact JWS access token.
    ///
    /// Order of checks: shape (three parts, ≤ 8 KiB) → header JSON with string `alg` and `kid`
    /// → `typ` (if present) is `at+jwt` / `application/at+jwt`, case-insensitive → `alg` is one
    /// Tessera supports → `kid` names a known key (no fallback) → `alg` equals that key's
    /// algorithm → signature → claims JSON → `exp` (inactive from the second it passes, no
    /// leeway) → `iat`/`nbf` at most `clockSkew` seconds ahead → issuer.
    package func verify(token: UnsafeRawBufferPointer, now: Int64, expectedIssuer: String?) -> Result<VerifiedToken, TokenRejection> {
        let parts: TokenParts
        do { parts = try TokenParts(token) } catch { return .failure(.malformed(reason(error))) }
        func segment(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: token[range]) }

        guard let headerBytes = Base64URL.decode(segment(parts.header)) else { return .failure(.malformed("header is not base64url")) }
        let header: JSONValue
        do { header = try JSONValue.parse(headerBytes, limits: .header) } catch { return .failure(.malformed("header: \(reason(error))")) }
        guard case .object = header else { return .failure(.malformed("header is not a JSON object")) }
        // RFC 7515 §4.1.11: a recipient must reject a token naming extensions it does not
        // understand; Tessera understands none, so any `crit` member rejects the token.
        if header["crit"] != nil { return .failure(TokenRejection.criticalExtension) }
        guard let alg = header["alg"]?.stringValue else { return .failure(.malformed("header has no string alg")) }
        guard let kid = header["kid"]?.stringValue else { return .failure(.malformed("header has no string kid")) }
        var typ: String?
        if let value = header["typ"] {
            guard let text = value.stringValue else { return .failure(.malformed("typ is not a string")) }
            let lowered = text.lowercased()
            guard lowered == "at+jwt" || lowered == "application/at+jwt" else { return .failure(.wrongType(text)) }
            typ = text
        }
        guard let algorithm = JWSAlgorithm(rawValue: alg) else { return .failure(.algorithmMismatch(header: alg, key: nil)) }
        let keyID = KeyID(kid)
        guard let verifier = verifiers[keyID] else { return .failure(.unknownKey(keyID)) }
        guard verifier.accepts(algorithm) else { return .failure(.algorithmMismatch(header: alg, key: verifier.algorithm)) }

        // A signature is at most 1,024 bytes (RSA-8192, 1,366 characters); longer cannot verify.
        let signatureText = segment(parts.signature)
        guard signatureText.count <= Self.maximumSignatureCharacters else { return .failure(.badSignature) }
        guard let signature = Base64URL.decode(signatureText) else { return .failure(.malformed("signature is not base64url")) }
        let valid = signature.withUnsafeBytes { verifier.verify(algorithm, signature: $0, signingInput: segment(parts.signingInput)) }
        guard valid else { return .failure(.badSignature) }

        guard let payloadBytes = Base64URL.decode(segment(parts.payload)) else { return .failure(.malformed("payload is not base64url")) }
        let payload: JSONValue
        do { payload = try JSONValue.parse(payloadBytes, limits: .claims) } catch { return .failure(.malformed("claims: \(reason(error))")) }
        let claims: AccessTokenClaims
        switch AccessTokenClaims.from(payload) {
        case let .success(value): claims = value
        case let .failure(rejection): return .failure(rejection)
        }
        if now >= claims.expiresAt { return .failure(.expired(exp: claims.expiresAt)) }
        if claims.issuedAt > now + Self.clockSkew { return .failure(.notYetValid(claim: "iat", value: claims.issuedAt)) }
        if let nbf = claims.notBefore, nbf > now + Self.clockSkew { return .failure(.notYetValid(claim: "nbf", value: nbf)) }
        if let expectedIssuer, claims.issuer != expectedIssuer { return .failure(.wrongIssuer(claims.issuer)) }
        return .success(VerifiedToken(algorithm: algorithm, keyID: keyID, type: typ, claims: claims, header: header, payload: payload))
    }

    /// Verifies a token held in an array.
    package func verify(token: [UInt8], now: Int64, expectedIssuer: String?) -> Result<VerifiedToken, TokenRejection> {
        token.withUnsafeBytes { verify(token: $0, now: now, expectedIssuer: expectedIssuer) }
    }

    /// Verifies a token held in a string.
    package func verify(token: String, now: Int64, expectedIssuer: String?) -> Result<VerifiedToken, TokenRejection> {
        var copy = token
        return copy.withUTF8 { verify(token: UnsafeRawBufferPointer($0), now: now, expectedIssuer: expectedIssuer) }
    }

    private func reason(_ error: JOSEError) -> String {
        switch error {
        case let .malformedToken(reason): return reason
        default: return error.description
        }
    }
}

/// A DPoP proof (RFC 9449 §4.2) whose form and signature hold: `typ` `dpop+jwt`, an asymmetric
/// `alg` Tessera verifies, a public `jwk` in the header that verifies the signature. What the
/// claims must say for one request (`htm`, `htu`, `iat`, `jti`, `nonce`) is the caller's to check:
/// they depend on the endpoint, the clock and what was seen before.
///
/// Parsing is linear and bounded: the proof is at most `maximumSize` bytes (the `DPoP` header),
/// header and claims under the JOSE parser's caps, and any defect is a `Problem`, never a trap.
package struct DPoPProof: Sendable, Equatable {
    /// An RSA-4096 `jwk` and its signature fit well under it.
    package static let maximumSize = 8 * 1024
    /// The `alg` values a proof may use (RFC 9449 §4.2 forbids `none` and MACs).
    package static let algorithms: [JWSAlgorithm] = [.ES256, .EdDSA, .Ed25519, .RS256, .PS256]
    /// A `jti` longer than this is not an identifier a client made to be unique.
    package static let maximumJWTIDLength = 256

    /// Why a proof is refused: a fixed phrase, never an echo of the proof.
    package struct Problem: Error, Equatable, Sendable {
        package let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    package var algorithm: JWSAlgorithm
    /// RFC 7638 SHA-256 thumbprint of the `jwk`, base64url: what `cnf.jkt` binds a token to.
    package var thumbprint: String
    package var method: String
    package var targetURI: String
    package var issuedAt: Int64
    package var jwtID: String
    package var nonce: String?
    /// `ath` (§4.2): base64url SHA-256 of the access token the proof is sent with.
    package var accessTokenHash: String?

    /// Parses `bytes` and verifies its signature with the key it carries.
    package static func verify(_ bytes: UnsafeRawBufferPointer) throws(Problem) -> DPoPProof {
        guard bytes.count <= maximumSize else { throw Problem("DPoP proof larger than \(maximumSize) bytes") }
        let parts: TokenParts
        do { parts = try TokenParts(bytes) } catch { throw Problem("DPoP proof is not a compact JWS") }
        let header = try object(bytes, parts.header, "header", .header)
        guard header["typ"]?.stringValue == "dpop+jwt" else { throw Problem("DPoP proof typ is not dpop+jwt") }
        if header["crit"] != nil { throw Problem("DPoP proof names critical extensions (crit)") }
        guard let name = header["alg"]?.stringValue, let algorithm = JWSAlgorithm(rawValue: name),
            algorithms.contains(algorithm)
        else { throw Problem("DPoP proof alg must be one of ES256, EdDSA, Ed25519, RS256, PS256") }
        guard let jwk = header["jwk"], case .object = jwk else { throw Problem("DPoP proof header has no jwk object") }
        // The kty is checked here so that the reason never echoes what the proof says.
        guard let kty = jwk["kty"]?.stringValue, ["OKP", "EC", "RSA"].contains(kty) else {
            throw Problem("DPoP proof jwk kty must be OKP, EC or RSA")
        }
        let key: any PublicKey
        do { key = try ClientKeySet.key(jwk) } catch { throw Problem("DPoP proof jwk \(error.reason)") }
        guard key.accepts(algorithm), let thumbprint = thumbprint(of: jwk) else {
            throw Problem("DPoP proof jwk does not fit its alg")
        }
        let signatureText = UnsafeRawBufferPointer(rebasing: bytes[parts.signature])
        guard signatureText.count <= KeyRing.maximumSignatureCharacters, let signature = Base64URL.decode(signatureText) else {
            throw Problem("DPoP proof signature is not base64url")
        }
        let valid = signature.withUnsafeBytes {
            key.verify(algorithm, signature: $0, signingInput: UnsafeRawBufferPointer(rebasing: bytes[parts.signingInput]))
        }
        guard valid else { throw Problem("DPoP proof signature does not verify with its jwk") }
        let claims = try object(bytes, parts.payload, "claims", .claims)
        func string(_ name: String, required: Bool = true) throws(Problem) -> String? {
            guard let value = claims[name] else {
                if required { throw Problem("DPoP proof has no \(name)") }
                return nil
            }
            guard let text = value.stringValue, !text.isEmpty else { throw Problem("DPoP proof \(name) is not a string") }
            return text
        }
        guard let issuedAt = claims["iat"]?.integerValue else { throw Problem("DPoP proof iat is missing or not an integer") }
        let jwtID = try string("jti")!
        guard jwtID.utf8.count <= maximumJWTIDLength else { throw Problem("DPoP proof jti is too long") }
        return DPoPProof(
            algorithm: algorithm, thumbprint: thumbprint, method: try string("htm")!, targetURI: try string("htu")!,
            issuedAt: issuedAt, jwtID: jwtID, nonce: try string("nonce", required: false),
            accessTokenHash: try string("ath", required: false))
    }

    package static func verify(_ bytes: [UInt8]) throws(Problem) -> DPoPProof {
        var result: Result<DPoPProof, Problem> = .failure(Problem("empty"))
        bytes.withUnsafeBytes { buffer in
            do throws(Problem) { result = .success(try verify(buffer)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// The RFC 7638 thumbprint of a public JWK of a kind `ClientKeySet.key` accepted.
    static func thumbprint(of jwk: JSONValue) -> String? {
        guard let kty = jwk["kty"]?.stringValue else { return nil }
        switch kty {
        case "OKP":
            guard let crv = jwk["crv"]?.stringValue, let x = jwk["x"]?.stringValue else { return nil }
            return Thumbprint.okp(crv: crv, x: x)
        case "EC":
            guard let crv = jwk["crv"]?.stringValue, let x = jwk["x"]?.stringValue, let y = jwk["y"]?.stringValue else { return nil }
            return Thumbprint.ec(crv: crv, x: x, y: y)
        case "RSA":
            guard let e = jwk["e"]?.stringValue, let n = jwk["n"]?.stringValue else { return nil }
            return Thumbprint.rsa(e: e, n: n)
        default:
            return nil
        }
    }

    private static func object(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ what: String, _ limits: JSONParser.Limits
    ) throws(Problem) -> JSONValue {
        guard let decoded = Base64URL.decode(UnsafeRawBufferPointer(rebasing: bytes[range])) else {
            throw Problem("DPoP proof \(what) is not base64url")
        }
        guard let value = try? JSONValue.parse(decoded, limits: limits), case .object = value else {
            throw Problem("DPoP proof \(what) is not a JSON object")
        }
        return value
    }
}

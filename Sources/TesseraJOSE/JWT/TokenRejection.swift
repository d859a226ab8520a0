/// Why a token failed verification, one case per reason. Introspection maps every case to
/// `{"active": false}`; `tessera token inspect` prints `description`.
package enum TokenRejection: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not a compact JWS with a JSON header and JSON claims of the expected shape.
    case malformed(String)
    /// `typ` present but neither `at+jwt` nor `application/at+jwt` (RFC 9068 §4).
    case wrongType(String)
    /// The signature does not verify under the key named by `kid`.
    case badSignature
    /// No key with this `kid` (there is no fallback to trying every key).
    case unknownKey(KeyID)
    /// The header's `alg` is not the algorithm of the key named by `kid` (includes `none`).
    case algorithmMismatch(header: String, key: JWSAlgorithm?)
    /// `now >= exp`.
    case expired(exp: Int64)
    /// `iat` or `nbf` more than the allowed skew in the future.
    case notYetValid(claim: String, value: Int64)
    /// `iss` differs from the expected issuer.
    case wrongIssuer(String)

    /// The header has a `crit` member (RFC 7515 §4.1.11): Tessera understands no extension.
    package static let criticalExtension = TokenRejection.malformed("header names critical extensions (crit), none of which is understood")

    package var description: String {
        switch self {
        case let .malformed(reason): return "malformed token: \(reason)"
        case let .wrongType(typ): return "token type \"\(typ)\" is not at+jwt"
        case .badSignature: return "signature does not verify"
        case let .unknownKey(kid): return "unknown key id \"\(kid.value)\""
        case let .algorithmMismatch(header, key):
            if let key { return "header alg \"\(header)\" does not match the key's algorithm \(key.rawValue)" }
            return "unsupported alg \"\(header)\""
        case let .expired(exp): return "token expired at \(exp)"
        case let .notYetValid(claim, value): return "\(claim) \(value) lies in the future"
        case let .wrongIssuer(iss): return "issuer \"\(iss)\" is not the expected issuer"
        }
    }
}

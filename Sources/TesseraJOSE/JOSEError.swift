/// Everything that can go wrong in TesseraJOSE, in JOSE vocabulary.
///
/// Token *verification* failures are not errors but `TokenRejection` values: a rejected token
/// is an ordinary answer (`active: false`), not a fault.
package enum JOSEError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An HMAC secret shorter than the 256 bits RFC 7518 §3.2 requires for HS256.
    case secretTooShort(minimum: Int, actual: Int)
    /// Key material of the wrong size or shape (`what` says which).
    case invalidKey(String)
    /// An OpenSSL call failed; `reason` is the text of its error queue.
    case openSSL(operation: String, reason: String)
    /// A key file could not be read, parsed or written.
    case keyFile(path: String, reason: String)
    /// No key in the key directory may sign yet (all activation times lie in the future).
    case noActiveKey
    /// HS256 was chosen but no secret was configured.
    case missingSecret
    /// Input that is not valid base64url / base64.
    case invalidBase64
    /// Input that is not valid JSON, with the byte offset and what was expected there.
    case invalidJSON(offset: Int, reason: String)
    /// A compact JWS that does not split into three non-empty parts, or is too large.
    case malformedToken(String)

    package var description: String {
        switch self {
        case let .secretTooShort(minimum, actual):
            return "HS256 secret is \(actual) bytes; at least \(minimum) bytes are required"
        case let .invalidKey(what):
            return "invalid key: \(what)"
        case let .openSSL(operation, reason):
            return "OpenSSL \(operation) failed: \(reason)"
        case let .keyFile(path, reason):
            return "key file \(path): \(reason)"
        case .noActiveKey:
            return "no signing key is active yet (every key's activation time lies in the future)"
        case .missingSecret:
            return "algorithm HS256 requires keys.hs256_secret"
        case .invalidBase64:
            return "invalid base64url"
        case let .invalidJSON(offset, reason):
            return "invalid JSON at byte \(offset): \(reason)"
        case let .malformedToken(reason):
            return "malformed token: \(reason)"
        }
    }
}

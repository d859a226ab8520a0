import TesseraJOSE

/// What introspection concluded about a token: active, or the one reason it is not. The caller
/// only ever sees `{"active":false}` for the reasons; they exist for metrics
/// (`tessera_introspections_total{result}`) and tests.
package enum IntrospectionResult: Int, Sendable, CaseIterable {
    case active
    case expired
    case notYetValid
    case revoked
    case malformed
    case unknownKey
    case algorithmMismatch
    case wrongIssuer
    case badSignature
    case wrongType

    /// The `result` label value.
    package var label: String {
        switch self {
        case .active: "active"
        case .expired: "expired"
        case .notYetValid: "not_yet_valid"
        case .revoked: "revoked"
        case .malformed: "malformed"
        case .unknownKey: "unknown_key"
        case .algorithmMismatch: "algorithm_mismatch"
        case .wrongIssuer: "wrong_issuer"
        case .badSignature: "bad_signature"
        case .wrongType: "wrong_type"
        }
    }

    package init(_ rejection: TokenRejection) {
        switch rejection {
        case .malformed: self = .malformed
        case .wrongType: self = .wrongType
        case .badSignature: self = .badSignature
        case .unknownKey: self = .unknownKey
        case .algorithmMismatch: self = .algorithmMismatch
        case .expired: self = .expired
        case .notYetValid: self = .notYetValid
        case .wrongIssuer: self = .wrongIssuer
        }
    }
}

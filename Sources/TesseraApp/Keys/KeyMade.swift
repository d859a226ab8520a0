import TesseraJOSE

/// A signing key was made: by the schedule (`keys.rotation.every`) or by an operator (`tessera
/// keys rotate`, the admin API). Every such key is reported through `KeyAdministration.report`,
/// the one place an audit trail (`key.scheduled` / `key.rotate`) listens.
package struct KeyMade: Sendable, Equatable {
    package enum Cause: String, Sendable {
        case scheduled
        case manual
    }

    package let keyID: String
    package let algorithm: JWSAlgorithm
    /// Unix seconds from which it signs.
    package let activation: Int64
    package let cause: Cause

    package init(keyID: String, algorithm: JWSAlgorithm, activation: Int64, cause: Cause) {
        self.keyID = keyID
        self.algorithm = algorithm
        self.activation = activation
        self.cause = cause
    }
}

/// A token whose signature, algorithm, key, times and issuer have been checked.
package struct VerifiedToken: Sendable, Equatable {
    /// Header `alg` (equal to the verifying key's algorithm).
    package let algorithm: JWSAlgorithm
    /// Header `kid`.
    package let keyID: KeyID
    /// Header `typ` when present.
    package let type: String?
    /// The claims, with `aud` normalised to an array.
    package let claims: AccessTokenClaims
    /// The full header and claims as parsed, for display (`token inspect`).
    package let header: JSONValue
    package let payload: JSONValue
}

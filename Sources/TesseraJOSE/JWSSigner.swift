/// Something that produces JWS signatures for one key and one algorithm.
///
/// Implementations are safe to call from many threads at once.
package protocol JWSSigner: Sendable {
    var algorithm: JWSAlgorithm { get }
    var keyID: KeyID { get }
    /// Appends the raw signature of `signingInput` (the ASCII `header.payload`) to `out`.
    func sign(_ signingInput: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) throws(JOSEError)
}

/// Something that checks JWS signatures for one key and one algorithm.
package protocol JWSVerifier: Sendable {
    var algorithm: JWSAlgorithm { get }
    var keyID: KeyID { get }
    /// True when `signature` (raw bytes) is valid for `signingInput` under this key.
    func verify(signature: UnsafeRawBufferPointer, signingInput: UnsafeRawBufferPointer) -> Bool
}

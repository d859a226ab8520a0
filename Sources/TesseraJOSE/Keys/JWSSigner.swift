/// Something that produces JWS signatures for one key and one algorithm.
///
/// Implementations are safe to call from many threads at once.
package protocol JWSSigner: Sendable {
    var algorithm: JWSAlgorithm { get }
    var keyID: KeyID { get }
    /// Appends the raw JWS signature of `signingInput` (the ASCII `header.payload`) to `out`.
    func sign(_ signingInput: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) throws(JOSEError)
}

/// Something that checks JWS signatures for one key.
///
/// A key verifies only under the algorithms it `accepts` (an Ed25519 key: `EdDSA` and `Ed25519`;
/// an RSA key: the ones it was registered for). A header `alg` the key does not accept is refused
/// before any signature check, so an HMAC "signature" keyed with a public key never verifies.
package protocol JWSVerifier: Sendable {
    /// The algorithm this key is published with.
    var algorithm: JWSAlgorithm { get }
    var keyID: KeyID { get }
    /// True when a token whose header names `algorithm` may be verified by this key.
    func accepts(_ algorithm: JWSAlgorithm) -> Bool
    /// True when `signature` (raw JWS bytes) is valid for `signingInput` under this key and
    /// `algorithm` (one it accepts).
    func verify(_ algorithm: JWSAlgorithm, signature: UnsafeRawBufferPointer, signingInput: UnsafeRawBufferPointer) -> Bool
}

extension JWSVerifier {
    package func accepts(_ algorithm: JWSAlgorithm) -> Bool { algorithm == self.algorithm }

    /// Verifies under the key's own algorithm.
    package func verify(signature: UnsafeRawBufferPointer, signingInput: UnsafeRawBufferPointer) -> Bool {
        verify(algorithm, signature: signature, signingInput: signingInput)
    }
}

/// A signer under another name of the same algorithm: an Ed25519 key signing as `Ed25519`
/// (RFC 9864) rather than `EdDSA`.
package struct RenamedSigner: JWSSigner {
    package let base: any JWSSigner
    package let algorithm: JWSAlgorithm

    package init(_ base: any JWSSigner, as algorithm: JWSAlgorithm) {
        self.base = base
        self.algorithm = algorithm
    }

    package var keyID: KeyID { base.keyID }

    package func sign(_ signingInput: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) throws(JOSEError) {
        try base.sign(signingInput, appendingTo: &out)
    }
}

import TesseraJOSE

/// What a reuse key's `binding` digest is (`TokenGrantKey`): one byte beside the digest.
package enum BindingKind: UInt8, Sendable {
    case none
    /// A client certificate's thumbprint (RFC 8705 §3).
    case certificate
    /// The SHA-256 a DPoP-bound token's `cnf.jkt` spells (RFC 9449 §6).
    case proofKey
    /// SHA-256 of the certificate's thumbprint and then the proof key's: bound to both.
    case both

    /// The digest and kind for a token bound to `certificate`, `proofKey`, both or neither.
    static func of(certificate: Digest32?, proofKey: Digest32?) -> (Digest32?, BindingKind) {
        switch (certificate, proofKey) {
        case (nil, nil): return (nil, .none)
        case (let certificate?, nil): return (certificate, .certificate)
        case (nil, let proofKey?): return (proofKey, .proofKey)
        case (let certificate?, let proofKey?):
            var bytes: [UInt8] = []
            bytes.reserveCapacity(64)
            withUnsafeBytes(of: certificate) { bytes += $0 }
            withUnsafeBytes(of: proofKey) { bytes += $0 }
            return (TokenDigest.of(bytes), .both)
        }
    }
}

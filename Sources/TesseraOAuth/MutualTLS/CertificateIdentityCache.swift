import TesseraCore
import TesseraJOSE

/// The names of certificates seen recently, by thumbprint, so a client that presents the same
/// certificate on every request costs one SHA-256 (already taken for `cnf`) instead of an X.509
/// parse. Bounded; an evicted certificate is parsed again.
package final class CertificateIdentityCache: Sendable {
    private let entries: LRUCache<Digest32, CertificateIdentity>

    package init(capacity: Int = 4096) {
        entries = LRUCache(capacity: max(1, capacity))
    }

    /// The names of `certificate`, or nil when it cannot be parsed.
    func identity(of certificate: ClientCertificate) -> CertificateIdentity? {
        if let known = entries.get(certificate.thumbprint, now: 0) { return known }
        guard let parsed = CertificateIdentity.parse(der: certificate.der) else { return nil }
        entries.set(certificate.thumbprint, parsed, expiresAt: .max)
        return parsed
    }
}

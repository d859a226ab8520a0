import TesseraConfig
import TesseraOAuth

extension AppState {
    /// The certificate methods (RFC 8705 §2) of one `clients[index]` entry, nil when it has none.
    static func mutualTLS(_ entry: StaticClientConfig, index: Int, file: String) throws(ServiceError) -> MutualTLSPolicy? {
        do {
            return try MutualTLSPolicy.make(
                subject: entry.tlsClientAuth.map(policySubject), selfSignedCertificates: entry.selfSignedCertificates)
        } catch {
            throw .configuration(ConfigError(
                file: file, keyPath: "clients[\(index)].self_signed_certificates", message: error.description))
        }
    }

    static func policySubject(_ config: TLSClientAuthConfig) -> MutualTLSPolicy.Subject {
        switch config.name {
        case .subjectDN: .distinguishedName(config.value)
        case .sanDNS: .dnsName(config.value)
        case .sanURI: .uri(config.value)
        }
    }

    /// The secret hash of a client that authenticates with certificates only: no secret has this
    /// HMAC (all zeros), so every secret presented for it fails, in constant time like any other.
    static let certificateOnlySecretHash = SecretHash(
        algorithm: .hmacSHA256, salt: Array("tessera: no secret".utf8), digest: [UInt8](repeating: 0, count: 32))
}

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
}

import TesseraConfig
import TesseraOAuth

extension AppState {
    /// The certificate methods (RFC 8705 §2) of one `clients[index]` entry, nil when it has none.
    /// `tls_client_auth` without `server.tls.client_ca` nor `server.trusted_proxies` is logged: no
    /// chain can verify then (a trusted proxy's `Client-Cert` vouches for its chain, RFC 9440 §2).
    static func mutualTLS(
        _ entry: StaticClientConfig, index: Int, file: String, config: Config
    ) throws(ServiceError) -> MutualTLSPolicy? {
        if entry.tlsClientAuth != nil && config.server.tls?.clientCA == nil && config.server.trustedProxies.isEmpty {
            Log.warning(
                "tls_client_auth needs server.tls.client_ca: without it no certificate chain verifies and this client can only use its other methods",
                [("client", entry.id)])
        }
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

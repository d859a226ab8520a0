/// How a listener's connections are secured, and whom it believes about client certificates.
package struct TransportSecurity: Sendable {
    /// The TLS context for new connections; nil: plain HTTP.
    package var tls: TLSContextBox?
    /// Peers whose RFC 9440 `Client-Cert` header is believed (and whose own TLS certificate,
    /// if any, is not the client's).
    package var trustedProxies: TrustedProxies

    package static let plain = TransportSecurity(tls: nil, trustedProxies: .none)

    package init(tls: TLSContextBox?, trustedProxies: TrustedProxies = .none) {
        self.tls = tls
        self.trustedProxies = trustedProxies
    }
}

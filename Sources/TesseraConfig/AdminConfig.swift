/// `admin:` — the admin API's own listener (never `server.listen`), the audience its Bearer
/// tokens must carry, where `/metrics` is served, and how long audit records are kept.
package struct AdminConfig: Sendable, Equatable {
    package var listen: HostPort
    /// Absent: plain HTTP. Paths are resolved like `server.tls`.
    package var tls: TLSConfig?
    /// The `aud` an admin token must hold.
    package var audience: String
    /// True: `/metrics` moves from `server.listen` to this listener.
    package var metrics: Bool
    package var auditRetention: Duration

    package init(listen: HostPort = HostPort(host: "127.0.0.1", port: 8081), tls: TLSConfig? = nil,
                 audience: String = "tessera-admin", metrics: Bool = false, auditRetention: Duration = .seconds(90 * 86_400)) {
        self.listen = listen
        self.tls = tls
        self.audience = audience
        self.metrics = metrics
        self.auditRetention = auditRetention
    }
}

extension AdminConfig {
    package static let defaultAudience = "tessera-admin"
}

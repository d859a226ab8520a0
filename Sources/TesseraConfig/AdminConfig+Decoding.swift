import TesseraCore

extension AdminConfig {
    static let keys = ["listen", "tls", "audience", "metrics", "audit_retention"]

    /// Decodes `admin:`. An empty `tls: {}` (the contract's example) means plain HTTP, as an
    /// absent one does; a `tls:` naming anything must name a certificate and key as `server.tls`.
    /// `server`: `server.listen`, which the admin listener must not take (its default included).
    init(_ section: ConfigSection, server: HostPort) throws(ConfigError) {
        let defaults = AdminConfig()
        var listen = defaults.listen
        if section.has("listen") {
            do {
                listen = try HostPort(parsing: try section.string("listen", default: ""))
            } catch {
                throw section.error("listen", error.message)
            }
        }
        if let conflict = Self.listenConflict(listen, server: server, serverName: "server.listen") {
            throw section.error("listen", conflict)
        }
        var tls: TLSConfig?
        if let tlsSection = try section.section("tls", keys: TLSConfig.keys), !tlsSection.values.isEmpty {
            tls = try TLSConfig(tlsSection)
        }
        let audience = try section.string("audience", default: defaults.audience)
        guard !audience.isEmpty else { throw section.error("audience", "must not be empty") }
        if let problem = IdentityText.problem(audience, what: "the audience") { throw section.error("audience", problem) }
        self.init(
            listen: listen, tls: tls, audience: audience,
            metrics: try section.bool("metrics", default: defaults.metrics),
            auditRetention: try section.duration("audit_retention", default: defaults.auditRetention, minimum: .seconds(1)))
    }
}

extension AdminConfig {
    /// Why the admin listener cannot have `listen` beside the public one on `server` (named
    /// `serverName`: `server.listen` or `--listen`), nil when they do not meet.
    package static func listenConflict(_ listen: HostPort, server: HostPort, serverName: String) -> String? {
        guard listen.overlaps(server) else { return nil }
        return "\(listen) overlaps \(serverName) (\(server)): the admin API is never served on the public listener; give it a port of its own"
    }
}

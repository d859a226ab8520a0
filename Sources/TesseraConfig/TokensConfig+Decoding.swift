import TesseraCore

extension TokensConfig {
    static let keys = ["algorithm", "ttl", "default_audience", "reuse", "reuse_min_remaining", "max_ttl"]

    init(_ section: ConfigSection?) throws(ConfigError) {
        let defaults = TokensConfig()
        guard let section else {
            self = defaults
            return
        }
        let algorithmText = try section.string("algorithm", default: defaults.algorithm.rawValue)
        guard let algorithm = TokenAlgorithm(rawValue: algorithmText) else {
            throw section.error("algorithm", "must be EdDSA, Ed25519, ES256, RS256 or HS256, got \"\(algorithmText)\"")
        }
        let ttl = try section.duration("ttl", default: defaults.ttl, minimum: .seconds(1))
        let audiences = try section.stringList("default_audience", default: defaults.defaultAudience)
        for (index, audience) in audiences.enumerated() {
            if let problem = audience.isEmpty ? "must not be empty" : IdentityText.problem(audience, what: "an audience") {
                throw section.reader.error("\(section.path("default_audience"))[\(index)]", problem)
            }
        }
        // Left out, the minimum remaining lifetime follows a short ttl down (half of it) so
        // that `ttl: 2m` alone stays valid; written out, it must be shorter than ttl.
        let minRemaining = try section.duration(
            "reuse_min_remaining", default: min(defaults.reuseMinRemaining, ttl / 2), minimum: .zero
        )
        guard minRemaining < ttl else {
            throw section.error("reuse_min_remaining", "must be shorter than tokens.ttl (\(ttl.configText))")
        }
        self.init(
            algorithm: algorithm,
            ttl: ttl,
            defaultAudience: audiences,
            reuse: try section.bool("reuse", default: defaults.reuse),
            reuseMinRemaining: minRemaining
        )
        maxTTL = try section.duration("max_ttl", default: defaults.maxTTL, minimum: .seconds(1))
    }
}

extension DPoPConfig {
    static let keys = ["nonce", "max_age"]

    init(_ section: ConfigSection?) throws(ConfigError) {
        let defaults = DPoPConfig()
        guard let section else {
            self = defaults
            return
        }
        // Whole seconds: iat is a number of seconds, and the replay window is kept in seconds.
        let maxAge = try section.duration("max_age", default: defaults.maxAge, minimum: .seconds(1))
        guard maxAge.components.attoseconds == 0 else {
            throw section.error("max_age", "must be a whole number of seconds (a proof's iat is one)")
        }
        guard maxAge <= .seconds(3600) else {
            throw section.error("max_age", "must be at most 1h: a proof is meant to be used at once")
        }
        self.init(nonce: try section.bool("nonce", default: defaults.nonce), maxAge: maxAge)
    }
}

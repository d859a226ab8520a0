import TesseraCore

/// `limits:` in the config.
extension RateLimits {
    static let keys = ["per_client_rps", "per_client_burst", "auth_failures_per_minute", "auth_failures_per_minute_per_client"]

    init(_ section: ConfigSection?) throws(ConfigError) {
        let defaults = RateLimits()
        guard let section else {
            self = defaults
            return
        }
        self.init(
            perClientRPS: try section.int("per_client_rps", default: defaults.perClientRPS),
            perClientBurst: try section.int("per_client_burst", default: defaults.perClientBurst),
            authFailuresPerMinute: try section.int("auth_failures_per_minute", default: defaults.authFailuresPerMinute),
            authFailuresPerMinutePerClient: try section.int(
                "auth_failures_per_minute_per_client", default: defaults.authFailuresPerMinutePerClient)
        )
    }
}

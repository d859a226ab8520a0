import TesseraConfig
import TesseraTelemetry

/// What `serve` takes from outside the config file: the command line's `--listen` and the
/// `TESSERA_*` environment, read once by the command and handed down (nothing below reads the
/// environment on its own).
package struct ServiceSettings: Sendable {
    /// `--listen`: replaces `server.listen`, and moves the issuer with it when the file names none.
    package var listen: HostPort?
    /// `TESSERA_LOG_LEVEL`: replaces `logging.level`.
    package var logLevel: LogLevel?
    /// `TESSERA_KEY_LEAD_SECONDS`, `TESSERA_KEY_RETIREMENT_LEEWAY_SECONDS` (tests shorten them).
    package var keyPolicy: KeyRotationPolicy

    package init(listen: HostPort? = nil, logLevel: LogLevel? = nil, keyPolicy: KeyRotationPolicy = KeyRotationPolicy()) {
        self.listen = listen
        self.logLevel = logLevel
        self.keyPolicy = keyPolicy
    }

    /// Reads the `TESSERA_*` settings; an invalid value is a configuration error naming the variable.
    package init(environment: [String: String], listen: HostPort? = nil) throws(ServiceError) {
        var level: LogLevel?
        if let text = environment["TESSERA_LOG_LEVEL"] {
            guard let parsed = LogLevel(name: text) else {
                throw .configuration(ConfigError(
                    file: "", keyPath: "TESSERA_LOG_LEVEL",
                    message: "expected debug, info, warning or error, got \"\(text.prefix(40))\""))
            }
            level = parsed
        }
        let policy = KeyRotationPolicy(
            lead: try Self.seconds(environment, "TESSERA_KEY_LEAD_SECONDS") ?? KeyRotationPolicy.defaultLead,
            retirementLeeway: try Self.seconds(environment, "TESSERA_KEY_RETIREMENT_LEEWAY_SECONDS")
                ?? KeyRotationPolicy.defaultRetirementLeeway)
        self.init(listen: listen, logLevel: level, keyPolicy: policy)
    }

    /// A whole number of seconds from the environment, nil when unset; anything else is refused
    /// like an invalid `TESSERA_LOG_LEVEL` (a typo must not quietly fall back to the default).
    private static func seconds(_ environment: [String: String], _ name: String) throws(ServiceError) -> Int64? {
        guard let text = environment[name] else { return nil }
        guard let value = Int64(text), value >= 0 else {
            throw .configuration(ConfigError(
                file: "", keyPath: name, message: "expected a whole number of seconds, got \"\(text.prefix(40))\""))
        }
        return value
    }

    /// The config as this service runs it: `--listen` applied, and the default issuer moved to
    /// the address actually listened on (`boundPort` once known, for port 0).
    package func apply(to config: Config, boundPort: UInt16? = nil) -> Config {
        var config = config
        if let listen { config.server.listen = listen }
        if listen != nil, !config.issuerIsExplicit {
            var address = config.server.listen
            if let boundPort, address.port == 0 { address.port = boundPort }
            config.issuer = "http://\(address)"
        }
        return config
    }

    /// The log level in force for `config`.
    func level(for config: Config) -> LogLevel {
        logLevel ?? LogLevel(name: config.logging.level.rawValue) ?? .info
    }
}

/// `logging:` — what is logged and how. `TESSERA_LOG_LEVEL` overrides `level` (applied by the
/// command that reads the environment).
package struct LoggingConfig: Sendable, Equatable {
    package enum Level: String, Sendable, CaseIterable {
        case debug, info, warning, error
    }

    package enum Format: String, Sendable, CaseIterable {
        case logfmt, json
    }

    package var level: Level
    package var format: Format
    /// One line per HTTP request.
    package var access: Bool

    package init(level: Level = .info, format: Format = .logfmt, access: Bool = true) {
        self.level = level
        self.format = format
        self.access = access
    }
}

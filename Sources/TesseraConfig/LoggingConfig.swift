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
    /// Bytes of lines that may wait for stderr; beyond it lines are dropped and counted.
    package var buffer: Int

    package static let defaultBuffer = 16 << 20
    /// Below this a handful of long access lines (8 KiB paths, the default header limit) fill it.
    package static let minimumBuffer = 64 << 10

    package init(level: Level = .info, format: Format = .logfmt, access: Bool = true, buffer: Int = LoggingConfig.defaultBuffer) {
        self.level = level
        self.format = format
        self.access = access
        self.buffer = buffer
    }
}

/// The severity of a log line (`logging.level`, `TESSERA_LOG_LEVEL`): lines below the configured
/// level are not written.
package enum LogLevel: Int, Comparable, Sendable, CaseIterable {
    case debug, info, warning, error

    package static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }

    package var name: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warning: "warning"
        case .error: "error"
        }
    }

    package var literal: StaticString {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warning: "warning"
        case .error: "error"
        }
    }

    /// `debug`, `info`, `warning` or `error`, in any letter case; nil for anything else.
    package init?(name: String) {
        switch name.lowercased() {
        case "debug": self = .debug
        case "info": self = .info
        case "warning": self = .warning
        case "error": self = .error
        default: return nil
        }
    }
}

/// How a log line is written: logfmt (`ts=... level=info msg="..." key=value`) or one JSON
/// object a line with the same keys.
package enum LogFormat: Int, Sendable {
    case logfmt, json

    package init?(name: String) {
        switch name.lowercased() {
        case "logfmt": self = .logfmt
        case "json": self = .json
        default: return nil
        }
    }
}

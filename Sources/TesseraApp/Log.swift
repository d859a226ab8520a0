import Glibc
import Synchronization

/// A small structured logger: one logfmt line per event on stderr. Messages are autoclosures so
/// a disabled level costs nothing; callers never pass secrets, hashes or token bodies.
package enum Log {
    package enum Level: Int, Comparable, Sendable {
        case debug, info, warning, error
        package static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        var name: String { ["debug", "info", "warning", "error"][rawValue] }
    }

    private static let threshold = Atomic<Int>(Level.info.rawValue)
    private static let lock = Mutex<Void>(())

    package static var level: Level {
        get { Level(rawValue: threshold.load(ordering: .relaxed)) ?? .info }
        set { threshold.store(newValue.rawValue, ordering: .relaxed) }
    }

    /// Reads `TESSERA_LOG_LEVEL` (debug, info, warning, error).
    package static func configureFromEnvironment() {
        guard let raw = getenv("TESSERA_LOG_LEVEL") else { return }
        switch String(cString: raw).lowercased() {
        case "debug": level = .debug
        case "warning", "warn": level = .warning
        case "error": level = .error
        default: level = .info
        }
    }

    package static func debug(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, String)] = []) {
        write(.debug, message, fields)
    }

    package static func info(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, String)] = []) {
        write(.info, message, fields)
    }

    package static func warning(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, String)] = []) {
        write(.warning, message, fields)
    }

    package static func error(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, String)] = []) {
        write(.error, message, fields)
    }

    private static func write(_ at: Level, _ message: () -> String, _ fields: () -> [(String, String)]) {
        guard at >= level else { return }
        var line = "level=\(at.name) msg=\(quote(message()))"
        for (key, value) in fields() { line += " \(key)=\(quote(value))" }
        line += "\n"
        lock.withLock { _ in
            fputs(line, stderr)
            fflush(stderr)
        }
    }

    private static func quote(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return value }
        var out = "\""
        for ch in value {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}

import Synchronization
import TesseraCore
import TesseraTelemetry

/// Tessera's log: one line per event on stderr, `ts` (RFC 3339 UTC, milliseconds) first, then
/// `level`, `msg` and the fields, in logfmt or JSON (`logging.format`). Messages are autoclosures
/// so a disabled level costs nothing; callers never pass secrets, hashes or token bodies. Once
/// `startBuffering()` is called (by `serve`), lines are handed to a writer thread (`LogSink`) so
/// that no thread ever waits on stderr.
package enum Log {
    package typealias Level = LogLevel

    package static let sink = LogSink()
    private static let threshold = Atomic<Int>(Level.info.rawValue)
    private static let formatSetting = Atomic<Int>(LogFormat.logfmt.rawValue)

    package static var level: Level {
        get { Level(rawValue: threshold.load(ordering: .relaxed)) ?? .info }
        set { threshold.store(newValue.rawValue, ordering: .relaxed) }
    }

    package static var format: LogFormat {
        get { LogFormat(rawValue: formatSetting.load(ordering: .relaxed)) ?? .logfmt }
        set { formatSetting.store(newValue.rawValue, ordering: .relaxed) }
    }

    package static func isEnabled(_ at: Level) -> Bool { at.rawValue >= threshold.load(ordering: .relaxed) }

    /// From now on lines go through the writer thread; lines dropped because stderr could not
    /// keep up are reported in one warning once it has.
    package static func startBuffering() {
        sink.start { count in warning("log lines dropped", [("count", String(count))]) }
    }

    /// Writes every buffered line and returns to writing at once (before the process exits).
    package static func flush() { sink.stop() }

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

    /// A line built by the caller (the access log): `fill` gets the line writer and the buffer,
    /// already holding `ts`, `level` and `msg`, and appends the fields.
    package static func line(_ at: Level, message: StaticString, _ fill: (LogLine, inout [UInt8]) -> Void) {
        guard isEnabled(at) else { return }
        let line = LogLine(format: format)
        let time = WallClock.nanoseconds()
        sink.write { out in
            line.begin(&out, level: at, time: time,
                       message: UnsafeBufferPointer(start: message.utf8Start, count: message.utf8CodeUnitCount))
            fill(line, &out)
            line.end(&out)
        }
    }

    /// A logfmt line stored with pointer stores (the access line): `put` gets the address after
    /// `ts`, `level` and `msg`, stores at most `bound` bytes of fields there and returns the
    /// address after them; the newline is added here. The caller checks `format` first.
    package static func putLogfmtLine(_ at: Level, message: StaticString, bound: Int,
                                      _ put: (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer) {
        guard isEnabled(at) else { return }
        let time = WallClock.nanoseconds()
        let text = UnsafeRawBufferPointer(start: message.utf8Start, count: message.utf8CodeUnitCount)
        // `ts=` and its 24 bytes, ` level=` and at most 7, ` msg=`, the newline.
        sink.writeLine(bound: 48 + LogEscaping.logfmtBound(text.count) + bound) { start in
            let fields = WallClock.puttingRFC3339(time, at: start.putting("ts=")).putting(" level=").putting(at.literal).putting(" msg=")
            return put(LogEscaping.puttingLogfmtValue(text, at: fields)).putting(byte: 0x0A)
        }
    }

    private static func write(_ at: Level, _ message: () -> String, _ fields: () -> [(String, String)]) {
        guard isEnabled(at) else { return }
        let line = LogLine(format: format)
        let time = WallClock.nanoseconds()
        let text = message()
        let pairs = fields()
        sink.write { out in
            line.begin(&out, level: at, time: time, message: text.utf8)
            for (key, value) in pairs { line.field(&out, name: key.utf8, value.utf8) }
            line.end(&out)
        }
    }
}

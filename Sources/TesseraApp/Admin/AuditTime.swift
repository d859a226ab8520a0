import Glibc
import TesseraTelemetry

/// Audit timestamps: RFC 3339 UTC with milliseconds (as log lines write them) out, and in for
/// `since` / `until`: RFC 3339 (`2026-12-07T07:00:00Z` or `...+02:00`, an optional fraction) or unix seconds.
enum AuditTime {
    static func nowMillis() -> Int64 { Int64(WallClock.nanoseconds() / 1_000_000) }

    static func text(millis: Int64) -> String {
        var out: [UInt8] = []
        WallClock.appendRFC3339(UInt64(max(0, millis)) &* 1_000_000, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Milliseconds since the epoch, nil when `text` is neither form.
    static func parse(_ text: String) -> Int64? {
        if let seconds = Int64(text), seconds >= 0, seconds < 253_402_300_800 { return seconds * 1000 }
        let all = Array(text.utf8)
        // The zone: Z, or a numeric offset (RFC 3339 §5.6 time-numoffset), subtracted at the end.
        guard all.count >= 20, let (zoneLength, offsetSeconds) = zone(all) else { return nil }
        let bytes = Array(all.dropLast(zoneLength - 1))  // the date-time, then one byte where Z stands
        guard bytes.count >= 20 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int32? {
            guard from + count <= bytes.count else { return nil }
            var value: Int32 = 0
            for byte in bytes[from..<(from + count)] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int32(byte - 0x30)
            }
            return value
        }
        let separators: [(Int, UInt8)] = [(4, 0x2D), (7, 0x2D), (13, 0x3A), (16, 0x3A)]
        guard separators.allSatisfy({ bytes[$0.0] == $0.1 }), bytes[10] | 0x20 == UInt8(ascii: "t"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var millis: Int64 = 0
        let rest = bytes[19..<(bytes.count - 1)]
        if !rest.isEmpty {
            guard rest.first == UInt8(ascii: "."), rest.count >= 2, rest.count <= 10,
                  rest.dropFirst().allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            let digits = Array(rest.dropFirst().prefix(3)) + Array(repeating: UInt8(ascii: "0"), count: max(0, 3 - (rest.count - 1)))
            millis = Int64(digits.reduce(0) { $0 * 10 + Int($1 - 0x30) })
        }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return (Int64(timegm(&parts)) - offsetSeconds) * 1000 + millis
    }

    /// `Z` (length 1, offset 0) or `+HH:MM` / `-HH:MM` (length 6) at the end of `bytes`.
    private static func zone(_ bytes: [UInt8]) -> (length: Int, seconds: Int64)? {
        if bytes.last == UInt8(ascii: "Z") || bytes.last == UInt8(ascii: "z") { return (1, 0) }
        let tail = Array(bytes.suffix(6))
        guard tail.count == 6, tail[0] == UInt8(ascii: "+") || tail[0] == UInt8(ascii: "-"), tail[3] == UInt8(ascii: ":"),
              [1, 2, 4, 5].allSatisfy({ (0x30...0x39).contains(tail[$0]) }) else { return nil }
        let hours = Int64(tail[1] - 0x30) * 10 + Int64(tail[2] - 0x30)
        let minutes = Int64(tail[4] - 0x30) * 10 + Int64(tail[5] - 0x30)
        guard hours < 24, minutes < 60 else { return nil }
        return (6, (tail[0] == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60))
    }
}

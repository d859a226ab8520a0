import Glibc
import TesseraCore

/// Wall-clock time for log timestamps and span times: nanoseconds since the Unix epoch
/// (CLOCK_REALTIME through the vDSO).
package enum WallClock {
    @inline(__always)
    package static func nanoseconds() -> UInt64 { MonotonicClock.nanoseconds(of: CLOCK_REALTIME) }

    /// Appends `2026-12-02T07:35:52.607Z` (RFC 3339, UTC, milliseconds) without calling
    /// gmtime or allocating: the civil date is computed from the day number (Howard Hinnant's
    /// days-to-civil algorithm).
    package static func appendRFC3339(_ nanos: UInt64, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(byteCount: maxRFC3339Length, alignment: 8) { raw in
            let start = raw.baseAddress!
            out.append(storedFrom: start, to: puttingRFC3339(nanos, at: start))
        }
    }

    /// Room for what `puttingRFC3339` stores: 24 bytes (unix nanoseconds in a UInt64 end in
    /// 2554, so the year has four digits), with margin.
    package static let maxRFC3339Length = 32

    /// Stores the same 24 bytes at `at` (room made by the caller) and returns the address after
    /// them: the access line is written with pointer stores.
    package static func puttingRFC3339(_ nanos: UInt64, at: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        let millis = nanos / 1_000_000
        let second = millis / 1000
        let cache = SecondCache.current
        if cache.second != second {
            cache.prefix.removeAll(keepingCapacity: true)
            appendSecond(Int64(second), to: &cache.prefix)
            cache.second = second
        }
        let after = cache.prefix.withUnsafeBytes { at.putting($0) }
        // The milliseconds and the `Z` as the four bytes of one word: one store instead of
        // four with a division each (~180 instructions per access line, callgrind).
        let ms = UInt32(millis % 1000)
        let tail = (0x30 &+ ms / 100) | (0x30 &+ ms / 10 % 10) << 8 | (0x30 &+ ms % 10) << 16 | UInt32(UInt8(ascii: "Z")) << 24
        after.storeBytes(of: tail.littleEndian, as: UInt32.self)
        return after + 4
    }

    /// The thread's last formatted second (`2026-12-02T07:35:52.`): lines within one second
    /// share it, so most lines only format their milliseconds.
    private final class SecondCache {
        var second: UInt64 = .max
        var prefix: [UInt8] = []

        static let key: pthread_key_t = {
            var key = pthread_key_t()
            pthread_key_create(&key) { raw in
                if let raw { Unmanaged<SecondCache>.fromOpaque(raw).release() }
            }
            return key
        }()

        static var current: SecondCache {
            if let raw = pthread_getspecific(key) { return Unmanaged<SecondCache>.fromOpaque(raw).takeUnretainedValue() }
            let cache = SecondCache()
            cache.prefix.reserveCapacity(24)
            pthread_setspecific(key, Unmanaged.passRetained(cache).toOpaque())
            return cache
        }
    }

    /// `2026-12-02T07:35:52.` for a Unix second.
    private static func appendSecond(_ seconds: Int64, to out: inout [UInt8]) {
        let days = seconds / 86_400
        let secondOfDay = Int(seconds % 86_400)
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        digits(year, 4, &out)
        out.append(UInt8(ascii: "-"))
        digits(month, 2, &out)
        out.append(UInt8(ascii: "-"))
        digits(day, 2, &out)
        out.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2, &out)
        out.append(UInt8(ascii: "."))
    }

    private static func digits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}

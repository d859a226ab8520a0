import Glibc

/// The `Date:` field line (RFC 9110 IMF-fixdate), formatted at most once a second per loop.
struct HTTPDate {
    private(set) var line: [UInt8] = []
    private var second: Int = -1

    mutating func refresh() {
        var now = time(nil)
        guard now != second else { return }
        second = now
        var parts = tm()
        gmtime_r(&now, &parts)
        let days: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        line.removeAll(keepingCapacity: true)
        HTTPResponseBuilder.appendBytes("Date: ", to: &line)
        HTTPResponseBuilder.appendBytes(days[Int(parts.tm_wday)], to: &line)
        HTTPResponseBuilder.appendBytes(", ", to: &line)
        two(Int(parts.tm_mday))
        line.append(UInt8(ascii: " "))
        HTTPResponseBuilder.appendBytes(months[Int(parts.tm_mon)], to: &line)
        line.append(UInt8(ascii: " "))
        HTTPResponseBuilder.appendDecimal(Int(parts.tm_year) + 1900, to: &line)
        line.append(UInt8(ascii: " "))
        two(Int(parts.tm_hour))
        line.append(UInt8(ascii: ":"))
        two(Int(parts.tm_min))
        line.append(UInt8(ascii: ":"))
        two(Int(parts.tm_sec))
        HTTPResponseBuilder.appendBytes(" GMT\r\n", to: &line)
    }

    private mutating func two(_ n: Int) {
        line.append(UInt8(ascii: "0") + UInt8(n / 10))
        line.append(UInt8(ascii: "0") + UInt8(n % 10))
    }
}

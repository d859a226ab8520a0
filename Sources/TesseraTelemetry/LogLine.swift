/// Writes one log line into a byte buffer, in logfmt or JSON, with `ts`, `level` and `msg`
/// first. Every value is escaped: a hostile value (a path, a client id, a header) can never end
/// the line, forge another key, or break the JSON; bytes that are not UTF-8 are written as
/// escapes. Nothing here allocates beyond the buffer's growth.
package struct LogLine {
    package let format: LogFormat

    package init(format: LogFormat) {
        self.format = format
    }

    /// `ts=... level=... msg=...` (or the JSON object's first three members).
    package func begin(_ out: inout [UInt8], level: LogLevel, time: UInt64, message: some Collection<UInt8>) {
        switch format {
        case .logfmt:
            out.appendLiteral("ts=")
            WallClock.appendRFC3339(time, to: &out)
            out.appendLiteral(" level=")
            out.appendLiteral(level.literal)
            out.appendLiteral(" msg=")
            LogEscaping.logfmtValue(message, to: &out)
        case .json:
            out.appendLiteral(#"{"ts":""#)
            WallClock.appendRFC3339(time, to: &out)
            out.appendLiteral(#"","level":""#)
            out.appendLiteral(level.literal)
            out.appendLiteral(#"","msg":"#)
            LogEscaping.jsonString(message, to: &out)
        }
    }

    /// A text value: quoted when it needs to be (logfmt), always a JSON string.
    package func field(_ out: inout [UInt8], _ key: StaticString, _ value: some Collection<UInt8>) {
        writeKey(&out, key)
        switch format {
        case .logfmt: LogEscaping.logfmtValue(value, to: &out)
        case .json: LogEscaping.jsonString(value, to: &out)
        }
    }

    /// A value its writer knows needs no escaping (hex ids, an IP address): written as is,
    /// quoted in JSON.
    package func field(_ out: inout [UInt8], _ key: StaticString, safe write: (inout [UInt8]) -> Void) {
        writeKey(&out, key)
        if format == .json { out.append(UInt8(ascii: "\"")) }
        write(&out)
        if format == .json { out.append(UInt8(ascii: "\"")) }
    }

    /// A text value already in a buffer (the request's method and path): no generic dispatch.
    package func field(_ out: inout [UInt8], _ key: StaticString, _ value: UnsafeRawBufferPointer) {
        writeKey(&out, key)
        switch format {
        case .logfmt: LogEscaping.logfmtValue(raw: value, to: &out)
        case .json: LogEscaping.jsonString(raw: value, to: &out)
        }
    }

    /// A key that is not a literal (the fields of `Log.info(_:_:)` calls); escaped like a value.
    package func field(_ out: inout [UInt8], name: some Collection<UInt8>, _ value: some Collection<UInt8>) {
        switch format {
        case .logfmt:
            out.append(UInt8(ascii: " "))
            LogEscaping.logfmtKey(name, to: &out)
            out.append(UInt8(ascii: "="))
            LogEscaping.logfmtValue(value, to: &out)
        case .json:
            out.append(UInt8(ascii: ","))
            LogEscaping.jsonString(name, to: &out)
            out.append(UInt8(ascii: ":"))
            LogEscaping.jsonString(value, to: &out)
        }
    }

    /// An integer: bare in both formats.
    package func field(_ out: inout [UInt8], _ key: StaticString, int value: Int) {
        writeKey(&out, key)
        LogEscaping.appendDecimal(value, to: &out)
    }

    /// A duration in milliseconds with microsecond precision (`0.042`), bare in both formats.
    package func field(_ out: inout [UInt8], _ key: StaticString, milliseconds nanos: UInt64) {
        writeKey(&out, key)
        let micros = (nanos + 500) / 1000
        LogEscaping.appendDecimal(Int(micros / 1000), to: &out)
        out.append(UInt8(ascii: "."))
        let fraction = Int(micros % 1000)
        out.append(UInt8(ascii: "0") + UInt8(fraction / 100))
        out.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(fraction % 10))
    }

    /// Ends the line (and the JSON object) with a newline.
    package func end(_ out: inout [UInt8]) {
        if format == .json { out.append(UInt8(ascii: "}")) }
        out.append(0x0A)
    }

    private func writeKey(_ out: inout [UInt8], _ key: StaticString) {
        switch format {
        case .logfmt:
            out.append(UInt8(ascii: " "))
            out.appendLiteral(key)
            out.append(UInt8(ascii: "="))
        case .json:
            out.appendLiteral(#",""#)
            out.appendLiteral(key)
            out.appendLiteral(#"":"#)
        }
    }
}

extension Array where Element == UInt8 {
    @inline(__always)
    package mutating func appendLiteral(_ literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}

import TesseraCore

/// Collects one response (status, header lines, body) without writing anything: the event loop
/// serializes it into the connection's output and does the I/O. Each loop owns one builder and
/// resets it per request, so building a response reuses the same buffers; `Content-Length`,
/// `Date` and `Connection` are added when the response is serialized.
package struct HTTPResponseBuilder: Sendable {
    package var status: Int = 200
    /// Serialized `Name: value\r\n` lines.
    package var headers: [UInt8] = []
    package var body: [UInt8] = []
    /// Close the connection after this response.
    package var closeConnection = false

    package init() {
        headers.reserveCapacity(512)
        body.reserveCapacity(2048)
    }

    package mutating func reset() {
        status = 200
        headers.removeAll(keepingCapacity: true)
        body.removeAll(keepingCapacity: true)
        closeConnection = false
    }

    /// Appends fixed header lines in one copy: `lines` is one or more whole `Name: value\r\n`
    /// lines (a constant block that many responses share), or the fixed start or end of a line
    /// whose value is written into `headers` in between.
    package mutating func addHeaderLines(_ lines: StaticString) {
        append(lines)
    }

    package mutating func addHeader(_ name: StaticString, _ value: StaticString) {
        append(name)
        headers.append(UInt8(ascii: ":"))
        headers.append(UInt8(ascii: " "))
        append(value)
        headers.append(0x0D)
        headers.append(0x0A)
    }

    package mutating func addHeader(_ name: StaticString, _ value: some Collection<UInt8>) {
        append(name)
        headers.append(UInt8(ascii: ":"))
        headers.append(UInt8(ascii: " "))
        headers.append(contentsOf: value)
        headers.append(0x0D)
        headers.append(0x0A)
    }

    /// A header whose value is computed text. (Not an unlabeled overload: Swift would pick it for
    /// string literals over the StaticString one and copy every literal through a String.)
    package mutating func addHeader(_ name: StaticString, text value: String) {
        var value = value
        value.withUTF8 { addHeader(name, UnsafeRawBufferPointer($0)) }
    }

    package mutating func addHeader(_ name: StaticString, _ value: Int) {
        append(name)
        headers.append(UInt8(ascii: ":"))
        headers.append(UInt8(ascii: " "))
        HTTPResponseBuilder.appendDecimal(value, to: &headers)
        headers.append(0x0D)
        headers.append(0x0A)
    }

    /// Sets the body to `literal` (a fixed JSON document, usually).
    package mutating func setBody(_ literal: StaticString) {
        body.removeAll(keepingCapacity: true)
        body.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private mutating func append(_ literal: StaticString) {
        headers.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// `value` in decimal, without going through String (DecimalDigits).
    package static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        DecimalDigits.append(value, to: &out)
    }
}

import Testing
@testable import TesseraHTTP

struct HTTPResponseSerializeTests {
    func serialize(status: Int, body: String) -> String {
        var response = HTTPResponseBuilder()
        response.status = status
        response.body = Array(body.utf8)
        var out = OutputBuffer()
        response.serialize(into: &out, keepAlive: true, minorVersion: 1, omitBody: false, date: Array("Date: x\r\n".utf8))
        return out.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    @Test(arguments: [(200, "OK"), (401, "Unauthorized"), (431, "Request Header Fields Too Large"),
                      (505, "HTTP Version Not Supported")])
    func aKnownStatusHasItsReasonPhrase(status: Int, reason: String) {
        #expect(serialize(status: status, body: "").hasPrefix("HTTP/1.1 \(status) \(reason)\r\nDate: x\r\n"))
    }

    @Test func anUnlistedStatusIsWrittenInDigits() {
        #expect(serialize(status: 299, body: "").hasPrefix("HTTP/1.1 299 Status\r\n"))
    }

    @Test(arguments: [0, 9, 10, 1234])
    func contentLengthIsTheBodysLengthInDecimal(length: Int) {
        let text = serialize(status: 200, body: String(repeating: "a", count: length))
        #expect(text.contains("\r\nContent-Length: \(length)\r\n\r\n"))
        #expect(text.hasSuffix("\r\n\r\n" + String(repeating: "a", count: length)))
    }

    @Test(arguments: [0, 5, -42, Int.max, Int.min])
    func decimalsMatchSwiftsOwn(value: Int) {
        var out: [UInt8] = []
        HTTPResponseBuilder.appendDecimal(value, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == String(value))
    }

    /// Pipelined responses queue in one output buffer: growing it keeps what is already there.
    @Test func aGrowingOutputKeepsTheResponsesBeforeIt() {
        var out = OutputBuffer()
        var small = HTTPResponseBuilder()
        small.body = Array("first".utf8)
        small.serialize(into: &out, keepAlive: true, minorVersion: 0, omitBody: false, date: [])
        var large = HTTPResponseBuilder()
        large.body = Array(repeating: UInt8(ascii: "b"), count: 5000)
        large.serialize(into: &out, keepAlive: false, minorVersion: 1, omitBody: false, date: [])
        let text = out.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        #expect(text == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nfirst"
            + "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n" + String(repeating: "b", count: 5000))
        out.removeAll()
        #expect(out.count == 0 && out.capacity >= text.utf8.count)
    }
}

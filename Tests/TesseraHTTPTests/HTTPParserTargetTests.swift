import Testing
@testable import TesseraHTTP

/// The request target is checked eight bytes at a time: a byte outside visible ASCII must be
/// found at any position of a word, and a clean target read whole.
@Suite struct HTTPParserTargetTests {
    private func parse(_ target: [UInt8]) -> HTTPParseResult {
        let raw = Array("GET ".utf8) + target + Array(" HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        var fields: [HTTPHeaderField] = []
        return raw.withUnsafeBytes { HTTPParser().parseHead($0, fields: &fields) }
    }

    @Test(arguments: [UInt8(0x01), 0x09, 0x7F, 0x80, 0xFF])
    func aByteOutsideVisibleASCIIIsRefusedAtEveryPosition(_ byte: UInt8) {
        for position in 0..<20 {
            var target = Array("/oauth/token?a=b&c=d".utf8)
            target[position] = byte
            #expect(parse(target) == .invalid(.badRequest("malformed request target")), "at \(position)")
        }
    }

    @Test func aCleanTargetOfAnyLengthIsReadWhole() {
        let full = Array("/abcdefghijklmnopqrstuvwxyz0123456789!~".utf8)
        for length in 1...full.count {
            guard case .complete(let head) = parse(Array(full[..<length])) else {
                Issue.record("length \(length) not complete")
                continue
            }
            #expect(head.target == 4..<(4 + length))
        }
    }
}

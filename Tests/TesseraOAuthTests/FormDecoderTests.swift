import Testing

import TesseraJOSE
@testable import TesseraOAuth

@Suite struct FormDecoderTests {
    private func decode(_ body: String) -> Result<[String], OAuthError> {
        var pairs: [String] = []
        let bytes = Array(body.utf8)
        return bytes.withUnsafeBytes { raw in
            do throws(OAuthError) {
                try FormDecoder.forEachParameter(in: raw) { name, value in
                    pairs.append(String(decoding: name, as: UTF8.self) + "=" + String(decoding: value, as: UTF8.self))
                }
                return .success(pairs)
            } catch {
                return .failure(error)
            }
        }
    }

    @Test(arguments: [
        ("a=1&b=2", ["a=1", "b=2"]),
        ("a=hello+world", ["a=hello world"]),
        ("a=%2B%26%3D%25", ["a=+&=%"]),
        ("a%5Fb=x", ["a_b=x"]),
        ("a=caf%C3%A9", ["a=café"]),
        ("a=%e2%82%ac", ["a=€"]),
        ("a=1&&b=2&", ["a=1", "b=2"]),
        ("flag&a=", ["flag=", "a="]),
        ("a=x=y", ["a=x=y"]),
        ("", []),
        ("a=1&a=2", ["a=1", "a=2"]),
    ])
    func validBodiesDecodeToTheirPairs(body: String, expected: [String]) {
        #expect(decode(body) == .success(expected))
    }

    @Test(arguments: ["a=%", "a=%2", "a=%zz", "a=%G1", "%=1", "a=1&b=%4"])
    func malformedPercentEscapesAreInvalidRequest(body: String) {
        guard case .failure(let error) = decode(body) else {
            Issue.record("accepted \(body)")
            return
        }
        #expect(error.code == "invalid_request")
    }

    @Test(arguments: ["a=%FF", "a=%C3", "a=%C0%AF", "a=%ED%A0%80", "a=%F4%90%80%80"])
    func invalidUTF8IsInvalidRequest(body: String) {
        guard case .failure(let error) = decode(body) else {
            Issue.record("accepted \(body)")
            return
        }
        #expect(error.code == "invalid_request")
    }

    @Test func rawInvalidUTF8IsRejectedToo() {
        let bytes: [UInt8] = Array("a=".utf8) + [0xFF, 0xFE]
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(OAuthError) in try FormDecoder.forEachParameter(in: raw) { _, _ in } }
        }
        #expect(throws: OAuthError.self) { try result.get() }
    }
}

/// The ASCII fast path of the UTF-8 check must not skip a bad byte at any position.
@Suite struct UTF8ValidationPositionTests {
    @Test(arguments: Array(0..<40))
    func aBadByteIsFoundAtEveryPosition(_ position: Int) {
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 40)
        bytes[position] = 0xFF
        #expect(!bytes.withUnsafeBytes { UTF8Validation.isValid($0) })
        bytes[position] = 0xC3  // a lead byte followed by "a" (or by nothing): invalid
        #expect(!bytes.withUnsafeBytes { UTF8Validation.isValid($0) })
        if position + 1 < 40 {
            bytes[position + 1] = 0xA9  // "é"
            #expect(bytes.withUnsafeBytes { UTF8Validation.isValid($0) })
        }
    }
}

import Testing
@testable import TesseraJOSE

struct Base64URLTests {
    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ])
    func encodesRFC4648VectorsWithoutPadding(plain: String, encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test func roundTripsEveryLengthAndByteValue() {
        var bytes: [UInt8] = []
        for length in 0..<200 {
            let encoded = Base64URL.encode(bytes)
            #expect(encoded.utf8.count == Base64URL.encodedLength(length))
            #expect(!encoded.contains("=") && !encoded.contains("+") && !encoded.contains("/"))
            #expect(Base64URL.decode(encoded) == bytes)
            bytes.append(UInt8(truncatingIfNeeded: length &* 97 &+ 251))
        }
    }

    @Test func usesTheURLSafeAlphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xFB, 0xFF, 0xBF])
    }

    @Test func encodeAppendsToExistingBytes() {
        var out = Array("x.".utf8)
        [UInt8]([1, 2, 3]).withUnsafeBytes { Base64URL.encode($0, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "x.AQID")
    }

    @Test(arguments: [
        "Zg==",  // padding
        "Zg=",  // padding
        "Zm9v+A",  // standard alphabet
        "Zm9v/A",  // standard alphabet
        "Zm 9v",  // whitespace
        "Z",  // impossible length (count % 4 == 1)
        "Zm9vY",  // impossible length
        "Zh",  // non-zero trailing bits (one byte)
        "Zm9",  // non-zero trailing bits (two bytes)
        "Zm8\u{0}",  // NUL
        "é123",  // non-ASCII
    ])
    func rejectsNonCanonicalInput(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func failedDecodeLeavesTheOutputUntouched() {
        var out: [UInt8] = [9]
        let ok = Array("Zm9v*A".utf8).withUnsafeBytes { Base64URL.decode($0, into: &out) }
        #expect(!ok)
        #expect(out == [9])
    }

    @Test(arguments: [
        ("", ""), ("Zg==", "f"), ("Zm8=", "fo"), ("Zm9v", "foo"), ("Zm9vYg==", "foob"), ("Zm9vYmE=", "fooba"),
        ("ZGVtbzpzM2NyZXQ=", "demo:s3cret"), ("Pz8/", "???"), ("Pj4+", ">>>"),
    ])
    func standardBase64DecodesPaddedInput(encoded: String, plain: String) {
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test(arguments: ["Zg", "Zm8", "Zg=", "Zg=a", "Z===", "====", "Zh==", "Zm9=", "Zm-v", "Zm_v", "Zm9v\n", "=Zm9"])
    func standardBase64RejectsMalformedInput(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}

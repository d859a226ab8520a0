import Testing
@testable import TesseraJOSE

struct JSONParserTests {
    @Test func parsesNestedDocumentsKeepingMemberOrder() throws {
        let value = try JSONValue.parse(Array(#" {"b":[1,-2.5,true,false,null],"a":{"c":"d"}} "#.utf8))
        #expect(value == .object([
            ("b", .array([.integer(1), .number(-2.5), .bool(true), .bool(false), .null])),
            ("a", .object([("c", .string("d"))])),
        ]))
        #expect(value["a"]?["c"]?.stringValue == "d")
        #expect(value.jsonText == #"{"b":[1,-2.5,true,false,null],"a":{"c":"d"}}"#)
    }

    @Test(arguments: [
        (#""a\"b\\c\/d\b\f\n\r\t""#, "a\"b\\c/d\u{8}\u{c}\n\r\t"),
        (#""\u00e9\u20AC""#, "é€"),
        (#""\ud83d\ude00""#, "😀"),
        (#""héllo 😀""#, "héllo 😀"),
        (#""\u0000""#, "\u{0}"),
    ])
    func decodesStringEscapesAndUTF8(json: String, expected: String) throws {
        #expect(try JSONValue.parse(Array(json.utf8)) == .string(expected))
    }

    @Test(arguments: [
        ("0", JSONValue.integer(0)), ("-0", .integer(0)), ("1300819380", .integer(1_300_819_380)),
        ("9223372036854775807", .integer(Int64.max)), ("-9223372036854775808", .integer(Int64.min)),
        ("9223372036854775808", .number(9_223_372_036_854_775_808)), ("1e3", .number(1000)), ("1.5E-1", .number(0.15)),
    ])
    func parsesNumbers(json: String, expected: JSONValue) throws {
        #expect(try JSONValue.parse(Array(json.utf8)) == expected)
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "'a'", "tru", "nul", "True",
        "01", "1.", ".5", "-", "+1", "1e", "0x10", "NaN", "1e400",
        "{\"a\":1} x", "1 2", "{\"a\":1}{}",
        "{\"a\":1,\"a\":2}",
        "\"\\x\"", "\"\\u12\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"",
        "\"tab\there\"", "\"line\nbreak\"", "\"unterminated",
    ])
    func rejectsInvalidDocuments(json: String) {
        #expect(throws: JOSEError.self) { try JSONValue.parse(Array(json.utf8)) }
    }

    @Test(arguments: [
        [0x22, 0xC3, 0x22] as [UInt8],  // truncated 2-byte sequence
        [0x22, 0xC0, 0xAF, 0x22],  // overlong
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        [0x22, 0xFF, 0x22],  // never valid
        [0x22, 0x80, 0x22],  // lone continuation byte
    ])
    func rejectsInvalidUTF8(bytes: [UInt8]) {
        #expect(throws: JOSEError.self) { try JSONValue.parse(bytes) }
    }

    @Test func duplicateMemberNamesAreAnError() {
        #expect(throws: JOSEError.invalidJSON(offset: 9, reason: "duplicate member \"kid\"")) {
            try JSONValue.parse(Array(#"{"kid":1,"kid":2}"#.utf8))
        }
    }

    @Test func nestingBeyondTheDepthLimitIsAnError() throws {
        let ok = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        let deep = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        _ = try JSONValue.parse(Array(ok.utf8))
        #expect(throws: JOSEError.self) { try JSONValue.parse(Array(deep.utf8)) }
    }

    @Test func documentsOverTheSizeLimitAreAnError() throws {
        let text = "\"" + String(repeating: "a", count: 100) + "\""
        _ = try JSONValue.parse(Array(text.utf8), limits: .init(maximumBytes: 102))
        #expect(throws: JOSEError.self) { try JSONValue.parse(Array(text.utf8), limits: .init(maximumBytes: 101)) }
    }
}

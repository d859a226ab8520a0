import Testing
import TesseraTelemetry

struct LogLineTests {
    func render(_ format: LogFormat, _ message: String, _ fields: [(String, String)] = []) -> String {
        var out: [UInt8] = []
        let line = LogLine(format: format)
        // 2026-12-02T07:35:52.607Z
        line.begin(&out, level: .warning, time: 1_796_196_952_607_000_000, message: message.utf8)
        for (key, value) in fields { line.field(&out, name: key.utf8, value.utf8) }
        line.end(&out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func logfmtLineStartsWithTheTimestampThenLevelAndMessage() {
        #expect(render(.logfmt, "tier down", [("tier", "redis")])
            == "ts=2026-12-02T07:35:52.607Z level=warning msg=\"tier down\" tier=redis\n")
    }

    @Test func jsonLineHasTheSameKeysInOneObject() {
        #expect(render(.json, "tier down", [("tier", "redis")])
            == #"{"ts":"2026-12-02T07:35:52.607Z","level":"warning","msg":"tier down","tier":"redis"}"# + "\n")
    }

    @Test(arguments: [
        ("a\nts=x level=error msg=forged", #""a\nts=x level=error msg=forged""#),
        ("quote\" and \\ back", #""quote\" and \\ back""#),
        ("tab\there\r", #""tab\there\r""#),
        ("bell\u{07}", #""bell\u0007""#),
        ("", #""""#),
        ("key=value", #""key=value""#),
        ("plain", "plain"),
        ("caf\u{e9}", "\"caf\u{e9}\""),
    ])
    func logfmtValuesAreQuotedAndEscapedSoNoValueCanForgeALine(value: String, expected: String) {
        let line = render(.logfmt, "m", [("k", value)])
        #expect(line == "ts=2026-12-02T07:35:52.607Z level=warning msg=m k=\(expected)\n")
        #expect(line.filter { $0 == "\n" }.count == 1)
    }

    @Test func invalidUTF8IsEscapedInBothFormats() {
        var out: [UInt8] = []
        let bytes: [UInt8] = [0x61, 0xFF, 0x0A, 0x62]
        LogLine(format: .logfmt).field(&out, "path", bytes)
        #expect(String(decoding: out, as: UTF8.self) == #" path="a\xff\nb""#)
        out.removeAll()
        LogLine(format: .json).field(&out, "path", bytes)
        #expect(String(decoding: out, as: UTF8.self) == #","path":"a\ufffd\nb""#)
    }

    @Test func hostileKeysAreReducedToSafeCharacters() {
        #expect(render(.logfmt, "m", [("a b=\"c", "v")]) == "ts=2026-12-02T07:35:52.607Z level=warning msg=m a_b__c=v\n")
    }

    @Test(arguments: [
        (UInt64(0), "1970-01-01T00:00:00.000Z"),
        (UInt64(951_782_400_999_000_000), "2000-02-29T00:00:00.999Z"),
        (UInt64(4_102_444_799_001_000_000), "2099-12-31T23:59:59.001Z"),
    ])
    func timestampsAreRFC3339UTCWithMilliseconds(nanos: UInt64, expected: String) {
        var out: [UInt8] = []
        WallClock.appendRFC3339(nanos, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test func consecutiveTimestampsWithinAndAcrossSecondsAreEachRight() {
        let cases: [(UInt64, String)] = [
            (1_796_196_952_607_000_000, "2026-12-02T07:35:52.607Z"),
            (1_796_196_952_999_999_999, "2026-12-02T07:35:52.999Z"),
            (1_796_196_953_000_000_000, "2026-12-02T07:35:53.000Z"),
            (1_796_196_952_001_000_000, "2026-12-02T07:35:52.001Z"),
            (1_796_256_000_000_000_000, "2026-12-03T00:00:00.000Z"),
        ]
        for (nanos, expected) in cases {
            var out: [UInt8] = []
            WallClock.appendRFC3339(nanos, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == expected)
        }
    }

    @Test(arguments: [0, 7, -1, 200, 1_234_567_890, Int.max, Int.min])
    func integersAreDecimal(value: Int) {
        var out: [UInt8] = []
        LogLine(format: .logfmt).field(&out, "n", int: value)
        #expect(String(decoding: out, as: UTF8.self) == " n=\(value)")
    }

    @Test func keysAreWrittenInEitherFormat() {
        var logfmt: [UInt8] = []
        LogLine(format: .logfmt).field(&logfmt, "request_id", int: 7)
        #expect(String(decoding: logfmt, as: UTF8.self) == " request_id=7")
        var json: [UInt8] = []
        LogLine(format: .json).field(&json, "request_id", int: 7)
        #expect(String(decoding: json, as: UTF8.self) == #","request_id":7"#)
    }

    @Test(arguments: [(UInt64(0), "0.000"), (4_999, "0.005"), (60_000, "0.060"), (12_345_678_900, "12345.679")])
    func millisecondsKeepThreeDecimals(nanos: UInt64, expected: String) {
        var out: [UInt8] = []
        LogLine(format: .logfmt).field(&out, "d", milliseconds: nanos)
        #expect(String(decoding: out, as: UTF8.self) == " d=\(expected)")
    }

    @Test func millisecondsAreDecimal() {
        var out: [UInt8] = []
        LogLine(format: .logfmt).field(&out, "duration_ms", milliseconds: 1_234_567)
        #expect(String(decoding: out, as: UTF8.self) == " duration_ms=1.235")
    }
}

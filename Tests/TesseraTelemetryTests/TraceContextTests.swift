import Testing
import TesseraTelemetry

struct TraceContextTests {
    @Test func aValidTraceparentIsContinuedWithItsSampledFlag() throws {
        let sampled = try #require(TraceContext(traceparent: Array("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".utf8)))
        #expect(sampled.traceID == (0x4bf9_2f35_77b3_4da6, 0xa3ce_929d_0e0e_4736))
        #expect(sampled.parentSpanID == 0x00f0_67aa_0ba9_02b7)
        #expect(sampled.sampled)
        let unsampled = try #require(TraceContext(traceparent: Array("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00".utf8)))
        #expect(!unsampled.sampled)
        var hex: [UInt8] = []
        sampled.appendTraceID(to: &hex)
        #expect(String(decoding: hex, as: UTF8.self) == "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    /// The word-at-a-time hex matches the digit-by-digit rendering for every nibble value at
    /// every position.
    @Test(arguments: [0, 1, 9, 10, 15, 16, 0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210, 0xa9a9_9a9a_0f0f_f0f0, .max] as [UInt64])
    func hexIsSixteenLowercaseDigits(_ value: UInt64) {
        var out: [UInt8] = [0x41]
        TraceContext.appendHex(value, to: &out)
        let expected = String(repeating: "0", count: 16 - String(value, radix: 16).count) + String(value, radix: 16)
        #expect(String(decoding: out, as: UTF8.self) == "A" + expected)
    }

    @Test func aFutureVersionMayAppendFields() {
        #expect(TraceContext(traceparent: Array("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra".utf8)) != nil)
    }

    @Test(arguments: [
        "",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // version 00 is exactly 55 bytes
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",        // version ff is invalid
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",        // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",        // zero parent id
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",        // uppercase hex
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473\n-00f067aa0ba902b7-01",
    ])
    func aMalformedTraceparentIsIgnored(value: String) {
        #expect(TraceContext(traceparent: Array(value.utf8)) == nil)
    }

    @Test func randomIdsAreNeverZeroAndDiffer() {
        var seen = Set<UInt64>()
        for _ in 0..<1000 { seen.insert(FastRandom.next()) }
        #expect(seen.count == 1000 && !seen.contains(0))
    }
}

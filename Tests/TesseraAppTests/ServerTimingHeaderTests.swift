import Testing

import TesseraOAuth

@testable import TesseraApp

@Suite struct ServerTimingHeaderTests {
    private func render(_ timing: StepTimings) -> String {
        var out: [UInt8] = []
        timing.writeHeaderValue(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func stepsRenderInOrderWithMillisecondDurations() {
        var timing = StepTimings()
        timing.add(.local, nanoseconds: 4_000)
        timing.add(.redis, nanoseconds: 310_000)
        timing.add(.sign, nanoseconds: 30_000)
        #expect(render(timing) == "local;dur=0.004, redis;dur=0.31, sign;dur=0.03")
    }

    @Test(arguments: [
        (UInt64(0), "0"), (1, "0.001"), (499, "0.001"), (1_500, "0.002"), (1_000_000, "1"),
        (12_345_678, "12.346"), (100_000, "0.1"),
    ])
    func durationsAreFormattedWithMicrosecondResolution(nanoseconds: UInt64, text: String) {
        var timing = StepTimings()
        timing.add(.sign, nanoseconds: nanoseconds)
        #expect(render(timing) == "sign;dur=" + text)
    }

    @Test func repeatedStepsAddUpUnderOneName() {
        var timing = StepTimings()
        timing.add(.local, nanoseconds: 1_000)
        timing.add(.hash, nanoseconds: 2_000_000)
        timing.add(.local, nanoseconds: 2_000)
        #expect(timing.steps == [.local, .hash])
        #expect(timing.nanoseconds(of: .local) == 3_000)
        #expect(render(timing) == "local;dur=0.003, hash;dur=2")
        #expect(render(StepTimings()) == "")
    }
}

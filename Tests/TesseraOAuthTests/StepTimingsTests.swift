import Testing

@testable import TesseraOAuth

/// What the endpoints record: their own steps, and `local` as the edge measures it.
@Suite struct StepTimingsTests {
    /// The endpoint names its own steps (`sign`); `local` is the edge's, first, measured once.
    @Test func endpointRecordsLocalAndSignSteps() throws {
        let endpoint = Fixtures.endpoint()
        let request = try Fixtures.parse(Fixtures.post("demo", "demo-secret")).get()
        var timing: StepTimings? = .beginningLocal()
        var start = StepTimings.now()
        _ = endpoint.respond(to: request, now: Fixtures.now, timing: &timing)
        timing?.endLocal(since: start)
        #expect(timing?.steps == [.local, .sign])
        timing = .beginningLocal()
        start = StepTimings.now()
        _ = endpoint.respond(to: request, now: Fixtures.now, timing: &timing)
        timing?.endLocal(since: start)
        #expect(timing?.steps == [.local])  // a reuse hit signs nothing
    }

    /// `local` is the time since the start less the steps named meanwhile.
    @Test func localIsTheRestOfTheTime() {
        var timing = StepTimings.beginningLocal()
        let start = StepTimings.now() &- 5_000_000
        timing.add(.sign, nanoseconds: 3_000_000)
        timing.endLocal(since: start)
        let local = timing.nanoseconds(of: .local) ?? 0
        #expect(local >= 2_000_000 && local < 5_000_000)
        #expect(timing.steps == [.local, .sign])
    }
}

import Testing

@testable import TesseraOAuth

@Suite struct TokenEndpointConcurrencyTests {
    @Test func endpointServesManyThreadsAtOnce() async throws {
        let endpoint = Fixtures.endpoint(TokenEndpoint.Settings(issuer: Fixtures.issuer, reuse: true))
        let request = try Fixtures.parse(Fixtures.post("demo", "demo-secret")).get()
        let tokens = await withTaskGroup(of: Set<[UInt8]>.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var seen = Set<[UInt8]>()
                    for _ in 0..<500 {
                        var timing: StepTimings? = nil
                        if case .answered(let response) = endpoint.respond(to: request, now: Fixtures.now, timing: &timing) {
                            seen.insert(response.accessToken)
                        }
                    }
                    return seen
                }
            }
            var all = Set<[UInt8]>()
            for await seen in group { all.formUnion(seen) }
            return all
        }
        // Every request succeeded; racing first requests may each sign, later ones reuse.
        #expect(!tokens.isEmpty && tokens.count <= 4)
    }
}

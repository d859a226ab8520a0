@testable import TesseraApp
import TesseraHTTP
import TesseraOAuth
import TesseraTelemetry
import Testing

/// The access line and the span read what the answer noted (`RequestOutcome`), never its bytes.
@Suite struct RequestOutcomeTests {
    @Test func anAnswerAuthenticatedItsClient() {
        let outcome = RequestOutcome.oauth(EndpointOutcome<Int>.answered(1), timing: nil)
        #expect(outcome.error == nil)
        #expect(outcome.authenticated)
    }

    /// Refusing what an authenticated client asked for names the client; refusing the client does not.
    @Test(arguments: [
        (OAuthError.invalidScope("x"), "invalid_scope", true), (.invalidTarget("x"), "invalid_target", true),
        (.unauthorizedClient("x"), "unauthorized_client", true), (.invalidGrant("x"), "invalid_grant", true),
        (.invalidClient("x"), "invalid_client", false), (.rateLimited(retryAfter: 1), "rate_limited", false),
        (.temporarilyUnavailable("x"), "temporarily_unavailable", false), (.invalidDPoPProof("x"), "invalid_dpop_proof", false),
    ])
    func aRefusalNamesItsCode(error: OAuthError, code: String, authenticated: Bool) {
        let outcome = RequestOutcome.oauth(EndpointOutcome<Int>.failed(error), timing: nil)
        #expect(outcome.error.map { "\($0)" } == code)
        #expect(outcome.authenticated == authenticated)
        // The code noted is the one the body carries.
        var body: [UInt8] = []
        error.writeJSON(into: &body)
        #expect(String(decoding: body, as: UTF8.self).hasPrefix(#"{"error":"\#(code)""#))
    }

    /// The HTTP layer's own refusals: the code noted is the one its body carries.
    @Test(arguments: [HTTPError.badRequest("x"), .headerTooLarge, .bodyTooLarge, .expectationFailed,
                      .notImplemented("x"), .versionNotSupported])
    func anHTTPRefusalNamesTheCodeOfItsBody(error: HTTPError) {
        let body = String(decoding: HTTPResponseBuilder.errorResponse(for: error).body, as: UTF8.self)
        let code = RequestOutcome.http(error).error.map { "\($0)" } ?? "none"
        #expect(body.hasPrefix(#"{"error":"\#(code)""#))
    }

    /// The span's children are the noted steps, in the order taken, and its `error.type` the noted code.
    @Test func theSpanReadsTheNotedSteps() {
        var timing = StepTimings()
        timing.add(.local, nanoseconds: 4_000)
        timing.add(.redis, nanoseconds: 310_000)
        timing.add(.sign, nanoseconds: 30_000)
        var record = RequestRecord(
            startedMonotonic: 0, startedWall: 0, requestID: .generated(1),
            trace: TraceContext(traceID: (1, 2), parentSpanID: nil, sampled: true), spanID: 3,
            peer: PeerAddress(family: 2, bytes: (0, 0), port: 0))
        record.outcome = .oauth(EndpointOutcome<Int>.failed(.invalidScope("x")), timing: timing)
        let telemetry = RequestTelemetry(accessLog: false, exporter: nil, sampleRatio: 1)
        let span = [UInt8]("POST".utf8).withUnsafeBytes { method in
            telemetry.span(record, method: method, path: UnsafeRawBufferPointer(start: nil, count: 0), endpoint: .token,
                           duration: 1, status: 400, clientID: "demo")
        }
        var steps: [String] = []
        span.forEachStep { name, nanoseconds in steps.append("\(name)=\(nanoseconds)") }
        #expect(steps == ["local=4000", "redis=310000", "sign=30000"])
        #expect(span.errorType.map { "\($0)" } == "invalid_scope")
    }

    /// A deferred answer is written on another thread: what it notes lands in its own record,
    /// and the thread's current request is left as it was.
    @Test func writingADeferredAnswerNotesIntoItsRecord() {
        let record = RequestRecord(
            startedMonotonic: 0, startedWall: 0, requestID: .generated(1),
            trace: TraceContext(traceID: (1, 2), parentSpanID: nil, sampled: false), spanID: 0,
            peer: PeerAddress(family: 2, bytes: (0, 0), port: 0))
        let written = RequestTelemetry.writing(record) { RequestTelemetry.note(RequestOutcome(error: "not_found")) }
        #expect(written?.outcome.error.map { "\($0)" } == "not_found")
        let none = RequestTelemetry.writing(nil) { RequestTelemetry.note(RequestOutcome(error: "not_found")) }
        #expect(none == nil)
    }
}

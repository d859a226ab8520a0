import TesseraCore
import TesseraHTTP
import TesseraOAuth

extension TesseraHandler {
    /// A refused client authentication: 401 `invalid_client`.
    static func isRefusal<Answer>(_ outcome: EndpointOutcome<Answer>) -> Bool {
        if case .failed(.invalidClient) = outcome { return true }
        return false
    }

    /// Answers an outcome found on the I/O thread: inline, except a refused authentication, which
    /// is completed now and held by the loop until the failure floor (`AuthenticationFailureFloor`).
    func answerInline<Answer: Sendable>(
        _ outcome: EndpointOutcome<Answer>, timing: StepTimings?, request: HTTPRequest, endpoint: Endpoint,
        started: UInt64, _ response: inout HTTPResponseBuilder,
        write: @escaping @Sendable (EndpointOutcome<Answer>, StepTimings?, inout HTTPResponseBuilder) -> Void
    ) -> HTTPHandlerResult {
        guard Self.isRefusal(outcome), let deferral = request.deferResponse() else {
            write(outcome, timing, &response)
            return .responded
        }
        complete(deferral, outcome, timing: timing, record: RequestTelemetry.detach(request), endpoint: endpoint,
                 started: started, write: write)
        return .deferred
    }

    /// Completes a deferred response with `outcome`. A refused authentication is held until the
    /// failure floor after the request arrived, and its `Server-Timing` is the same for every
    /// refusal (`local` for the floor), naming no step that would tell how it was refused.
    func complete<Answer: Sendable>(
        _ deferral: HTTPDeferral, _ outcome: EndpointOutcome<Answer>, timing: StepTimings?, record: RequestRecord?,
        endpoint: Endpoint, started: UInt64,
        write: (EndpointOutcome<Answer>, StepTimings?, inout HTTPResponseBuilder) -> Void
    ) {
        var timing = timing
        var notBefore: UInt64 = 0
        if Self.isRefusal(outcome) {
            AuthenticationFailureFloor.shared.cover(elapsed: MonotonicClock.now() &- started)
            let floor = AuthenticationFailureFloor.shared.nanoseconds
            notBefore = started &+ floor
            var refusal = StepTimings()
            refusal.add(.local, nanoseconds: floor)
            timing = refusal
        }
        let metrics = self.metrics
        let telemetry = self.telemetry
        deferral.complete(notBefore: notBefore) { writer in
            record?.addHeader(to: &writer)
            let written = RequestTelemetry.writing(record) { write(outcome, timing, &writer) }
            let ended = MonotonicClock.now()
            metrics.recordRequest(endpoint, status: writer.status, nanos: Int(ended &- started))
            if let written { telemetry.finish(written, endpoint: endpoint, writer, ended: ended) }
        }
    }
}

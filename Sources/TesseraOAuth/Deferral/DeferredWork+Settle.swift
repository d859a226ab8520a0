extension DeferredWork {
    /// The most pieces of work one request may run before it is answered: a client lookup, its
    /// slow hash, an assertion's jti claimed in Redis or PostgreSQL (or written to the journal),
    /// the token shared with the other nodes, and one to spare.
    package static let maximumTrips = 5

    /// Runs this work off the I/O thread, then answers the request again with `again`, for as long
    /// as the answer is deferred: at most `maximumTrips` pieces of work, after which the request
    /// is 503 `temporarily_unavailable`. Work that fails is the answer. `again` is told whether
    /// the rate limiter admitted the request on an earlier answer, so that it is admitted once.
    /// The steps each piece took are added to `timing`.
    package func settle<Answer: Sendable>(
        timing: inout ServerTiming?,
        again: (_ admitted: Bool, _ timing: inout ServerTiming?) -> EndpointOutcome<Answer>
    ) -> EndpointOutcome<Answer> {
        var work = self
        var admitted = false
        for _ in 0..<Self.maximumTrips {
            let resolution = work.run()
            work.recordTiming(into: &timing)
            if case .fail(let error) = resolution { return .failed(error) }
            admitted = admitted || work.admitted
            let outcome = again(admitted, &timing)
            guard case .deferred(let next) = outcome else { return outcome }
            work = next
        }
        return .failed(.temporarilyUnavailable("the request did not settle"))
    }
}

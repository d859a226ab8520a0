/// Phase one's answer when its caches cannot tell: the `Need` to fetch off the I/O thread and
/// phase two, which answers from what was fetched. Phase two may name one more thing (a DPoP
/// jti after the client's lookup, a status block after the shared token): it returns another
/// deferral, a continuation of the request, never a fresh start of phase one.
package struct Deferral<Answer: Sendable>: Sendable {
    package let need: Need
    let resume: @Sendable (Fetched, inout StepTimings?) -> EndpointOutcome<Answer>

    package init(_ need: Need, resume: @escaping @Sendable (Fetched, inout StepTimings?) -> EndpointOutcome<Answer>) {
        self.need = need
        self.resume = resume
    }

    /// Phase two with what was fetched (a failure is the answer, phase two never sees it).
    package func resume(with fetched: Fetched, timing: inout StepTimings?) -> EndpointOutcome<Answer> {
        if case .failed(let error) = fetched { return .failed(error) }
        return resume(fetched, &timing)
    }

    /// This deferral followed by `next` once its phase two answers: how an endpoint goes on
    /// after its client authentication was deferred.
    package func then<Other: Sendable>(
        _ next: @escaping @Sendable (Answer, inout StepTimings?) -> EndpointOutcome<Other>
    ) -> Deferral<Other> {
        let resume = self.resume
        return Deferral<Other>(need) { fetched, timing in resume(fetched, &timing).then(timing: &timing, next) }
    }

    package func map<Other: Sendable>(_ transform: @escaping @Sendable (Answer) -> Other) -> Deferral<Other> {
        let resume = self.resume
        return Deferral<Other>(need) { fetched, timing in resume(fetched, &timing).map(transform) }
    }

    /// On a backend thread: fetches each need once and hands the result on, until a phase two
    /// answers. `reserved`: the caller holds a place in `SlowHashPool.shared`'s queue for the
    /// first need (a slow hash). The steps taken are added to `timing`.
    package func settle(reserved: Bool = false, timing: inout StepTimings?) -> EndpointOutcome<Answer> {
        var fetched = need.fetch(reserved: reserved, timing: &timing)
        var outcome = resume(with: fetched, timing: &timing)
        while case .deferred(let next) = outcome {
            fetched = next.need.fetch(reserved: false, timing: &timing)
            outcome = next.resume(with: fetched, timing: &timing)
        }
        return outcome
    }
}

/// What an endpoint (or client authentication) makes of one request: answered, refused, or
/// deferred. Deferred work must not run on the I/O thread (a store lookup, a slow secret hash, a
/// claim in Redis): the `Deferral` names it, a background executor fetches it and hands the
/// result to the endpoint's phase two (`Deferral.settle`).
///
/// One shape for every endpoint: `TokenEndpoint.Outcome` answers with a `TokenResponse`,
/// `ClientAuthenticator.Outcome` with the authenticated `Client`, `IntrospectionEndpoint.Outcome`
/// and `RevocationEndpoint.Outcome` with their own answers.
package enum EndpointOutcome<Answer: Sendable>: Sendable {
    case answered(Answer)
    case failed(OAuthError)
    case deferred(Deferral<Answer>)

    /// The same outcome with the answer transformed (a refusal is kept as it is; a deferral
    /// transforms its phase two's answer).
    package func map<Other: Sendable>(_ transform: @escaping @Sendable (Answer) -> Other) -> EndpointOutcome<Other> {
        switch self {
        case .answered(let answer): .answered(transform(answer))
        case .failed(let error): .failed(error)
        case .deferred(let deferral): .deferred(deferral.map(transform))
        }
    }

    /// `next` applied to the answer, now or after a deferral's phase two; a refusal is kept.
    package func then<Other: Sendable>(
        timing: inout StepTimings?, _ next: @escaping @Sendable (Answer, inout StepTimings?) -> EndpointOutcome<Other>
    ) -> EndpointOutcome<Other> {
        switch self {
        case .answered(let answer): next(answer, &timing)
        case .failed(let error): .failed(error)
        case .deferred(let deferral): .deferred(deferral.then(next))
        }
    }
}

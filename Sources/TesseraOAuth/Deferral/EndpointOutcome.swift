/// What an endpoint (or client authentication) makes of one request: answered, refused, or
/// deferred. Deferred work must not run on the I/O thread (a store lookup, a slow secret hash, a
/// claim in Redis): run it on a background executor and answer the request again, or answer the
/// error it returns (`DeferredWork.settle` does both, a bounded number of times).
///
/// One shape for every endpoint: `TokenEndpoint.Outcome` answers with a `TokenResponse`,
/// `ClientAuthenticator.Outcome` with the authenticated `Client`, `IntrospectionEndpoint.Outcome`
/// and `RevocationEndpoint.Outcome` with their own answers.
package enum EndpointOutcome<Answer: Sendable>: Sendable {
    case answered(Answer)
    case failed(OAuthError)
    case deferred(DeferredWork)

    /// The same outcome with the answer transformed (a refusal or deferral is kept as it is).
    @inlinable
    package func map<Other: Sendable>(_ transform: (Answer) -> Other) -> EndpointOutcome<Other> {
        switch self {
        case .answered(let answer): .answered(transform(answer))
        case .failed(let error): .failed(error)
        case .deferred(let work): .deferred(work)
        }
    }

    /// A refusal or deferral, passed on as the outcome of the endpoint that asked (an endpoint
    /// passes on its client authentication's). Never called on an answer.
    @inlinable
    package func passedOn<Other: Sendable>() -> EndpointOutcome<Other> {
        switch self {
        case .answered: preconditionFailure("an answer is not passed on")
        case .failed(let error): .failed(error)
        case .deferred(let work): .deferred(work)
        }
    }
}

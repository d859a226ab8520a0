import TesseraJOSE

/// An endpoint a client sends a token to (introspection, revocation): the client authenticates
/// as at the token endpoint, then the endpoint's own `answer` runs, at once or in the phase two
/// of a deferred authentication (a slow secret hash, a client from a store).
package protocol SubmissionEndpoint: Sendable {
    associatedtype Answer: Sendable
    var authenticator: ClientAuthenticator { get }
    /// What the endpoint makes of `token` once `client` has authenticated.
    func answer(_ token: [UInt8], for client: Client, now: Int64, timing: inout StepTimings?) -> EndpointOutcome<Answer>
}

extension SubmissionEndpoint {
    package func respond(to request: TokenSubmission, now: Int64, timing: inout StepTimings?) -> EndpointOutcome<Answer> {
        authenticator.authenticate(request.credentials, now: now).then(timing: &timing) { [self] client, timing in
            answer(request.token, for: client, now: now, timing: &timing)
        }
    }
}

/// What the token endpoint answers to one request.
package enum TokenOutcome: Sendable {
    case issued(TokenResponse)
    case failed(OAuthError)
    /// Work that must not run on the I/O thread (a slow secret hash). Run it on a background
    /// executor, then call `respond` again on the I/O thread when it returns `.retry`, or answer
    /// the error it returns.
    case deferred(DeferredWork)
}

/// The result of running deferred work.
package enum DeferredResolution: Sendable, Equatable {
    /// The state the request needed is now in place (e.g. the verification is memoized): respond again.
    case retry
    case fail(OAuthError)
}

/// A slow secret verification, handed out by the token endpoint instead of running it inline.
/// Running it memoizes a success (so the retried request passes with a cheap HMAC) or counts an
/// authentication failure. Safe to run on any thread, once.
package final class DeferredWork: @unchecked Sendable {
    private let client: Client
    private let secret: [UInt8]
    private let verifiedSecrets: VerifiedSecretCache
    private let limiter: RateLimiter
    private let metrics: any TokenMetrics
    package private(set) var elapsedNanoseconds: UInt64 = 0

    init(client: Client, secret: [UInt8], verifiedSecrets: VerifiedSecretCache, limiter: RateLimiter, metrics: any TokenMetrics) {
        self.client = client
        self.secret = secret
        self.verifiedSecrets = verifiedSecrets
        self.limiter = limiter
        self.metrics = metrics
    }

    /// The client the work is for.
    package var clientID: String { client.id }

    package func run() -> DeferredResolution {
        let start = ServerTiming.now()
        let valid = client.secretHash.verify(secret)
        elapsedNanoseconds = ServerTiming.now() &- start
        metrics.slowHashVerified(nanoseconds: elapsedNanoseconds, success: valid)
        if valid {
            verifiedSecrets.remember(client, secret: secret)
            return .retry
        }
        limiter.recordAuthenticationFailure(clientID: client.id)
        return .fail(TokenEndpoint.authenticationFailed)
    }

    /// Adds the `hash` step to a request's timing after `run()`.
    package func recordTiming(into timing: inout ServerTiming?) {
        timing?.add(.hash, nanoseconds: elapsedNanoseconds)
    }
}

extension DeferredWork {
    /// Checks `secret` (and the alternate form of a Basic secret) against the client's slow hash on
    /// `SlowHashPool.shared`, in the place `reservePlace()` held when there is one. A match is
    /// memoized (answering again passes from memory); a mismatch counts against the client's
    /// authentication failure limit; a full queue is 503.
    func hashSlowly(
        _ client: Client, secret: [UInt8], verifiedSecrets: VerifiedSecretCache, limiter: RateLimiter
    ) -> DeferredResolution {
        let held = heldPlace
        heldPlace = false
        let start = ServerTiming.now()
        guard let matched = held
            ? SlowHashPool.shared.firstMatch(reserved: client.secretHash, secret, alternate: alternate)
            : SlowHashPool.shared.firstMatch(client.secretHash, secret, alternate: alternate)
        else {
            metrics.slowHashRefused()
            return .fail(SlowHashPool.overloaded)
        }
        hashNanoseconds = ServerTiming.now() &- start
        metrics.slowHashVerified(nanoseconds: hashNanoseconds, success: matched != nil)
        if let matched {
            verifiedSecrets.remember(client, secret: matched)
            return .retry
        }
        limiter.recordAuthenticationFailure(clientID: client.id, source: source)
        return .fail(TokenEndpoint.authenticationFailed)
    }
}

extension DeferredWork {
    /// Checks `secret` (and the alternate form of a Basic secret) against the client's live slow
    /// hashes on `SlowHashPool.shared`, in the place `reservePlace()` held when there is one. A
    /// match is memoized with the secret it matched (answering again passes from memory); a
    /// mismatch counts against the client's authentication failure limit; a full queue is 503.
    func hashSlowly(
        _ client: Client, secret: [UInt8], verifiedSecrets: VerifiedSecretCache, limiter: RateLimiter
    ) -> DeferredResolution {
        let held = heldPlace
        heldPlace = false
        let live = client.liveSlowSecrets()
        guard !live.isEmpty else {
            if held { SlowHashPool.shared.release() }
            limiter.recordAuthenticationFailure(clientID: client.id, source: source)
            return .fail(TokenEndpoint.authenticationFailed)
        }
        let hashes = live.map { client.secrets[$0].hash }
        let start = ServerTiming.now()
        guard let matched = held
            ? SlowHashPool.shared.firstMatch(reserved: hashes, secret, alternate: alternate)
            : SlowHashPool.shared.firstMatch(hashes, secret, alternate: alternate)
        else {
            metrics.slowHashRefused()
            return .fail(SlowHashPool.overloaded)
        }
        hashNanoseconds = ServerTiming.now() &- start
        metrics.slowHashVerified(nanoseconds: hashNanoseconds, success: matched != nil)
        if let matched {
            verifiedSecrets.remember(client, secret: matched.secret, index: live[matched.index])
            return .retry
        }
        limiter.recordAuthenticationFailure(clientID: client.id, source: source)
        return .fail(TokenEndpoint.authenticationFailed)
    }
}

extension Client {
    /// Positions of the secrets with a slow hash that are still live now.
    func liveSlowSecrets() -> [Int] {
        guard rotatesSecrets else { return secretHash.isSlow ? [0] : [] }
        let now = ClientSecret.wallNanoseconds()
        return secrets.indices.filter { secrets[$0].hash.isSlow && secrets[$0].isLive(at: now) }
    }

    /// True when some secret has a slow hash (memoized verification, or a trip off the I/O thread).
    var hasSlowSecret: Bool { rotatesSecrets ? secrets.contains { $0.hash.isSlow } : secretHash.isSlow }
}

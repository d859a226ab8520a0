extension ClientAuthenticator {
    /// A client whose secrets overlap (or expire): every live secret is a way in, each expired
    /// one is refused from its expiry's second on. Fast hashes are all checked, in constant time
    /// and without an early exit; slow ones through the memoized verifications (whose memo ends
    /// with the secret it verified), else off the I/O thread. Returns nil once authenticated (not yet
    /// admitted), the
    /// answer otherwise. A secret other than the newest is reported (`previousSecretUsed`).
    func checkOverlappingSecrets(
        _ client: Client, _ credentials: ClientCredentials, now: Int64, admitting: Bool
    ) -> Outcome? {
        var index = client.fastSecretMatch(credentials.secret, alternate: credentials.rawSecret, now: now)
        if index == nil, client.hasSlowSecret {
            let verified = verifiedSecrets.verifiedIndex(client, secret: credentials.secret)
                ?? credentials.rawSecret.flatMap { verifiedSecrets.verifiedIndex(client, secret: $0) }
            metrics.cacheLookup(tier: .local, cache: .secret, hit: verified != nil)
            if let verified, client.secrets[verified].isLive(at: now) {
                index = verified
            } else if !client.liveSlowSecrets(now: now).isEmpty {
                return verifySlowly(client, credentials, now: now, admitting: admitting)
            }
        }
        guard let index else {
            limiter.recordAuthenticationFailure(clientID: credentials.id, source: credentials.source)
            return .failed(Self.failed)
        }
        if index > 0 { metrics.previousSecretUsed(clientID: client.id, expiresAt: client.secrets[index].expiresAt) }
        return nil
    }
}

extension Client {
    /// The position of the live fast-hash secret that `secret` (or `alternate`) matches. Every
    /// live fast secret is checked, whatever matched before, so the time taken does not say which.
    func fastSecretMatch(_ secret: [UInt8], alternate: [UInt8]?, now: Int64) -> Int? {
        var found: Int? = nil
        for index in secrets.indices where !secrets[index].hash.isSlow && secrets[index].isLive(at: now) {
            let hash = secrets[index].hash
            let matched = hash.verify(secret) || alternate.map { hash.verify($0) } == true
            if matched && found == nil { found = index }
        }
        return found
    }
}

extension ClientAuthenticator {
    /// The client of a `private_key_jwt` or certificate login: from memory, refused (an unknown
    /// id reads like a failed check), or deferred: a miss is looked up in Redis and PostgreSQL off
    /// the I/O thread, and phase two goes on with `check`.
    func keyOrCertificateClient(
        _ credentials: ClientCredentials,
        then check: @escaping @Sendable (Client) -> Outcome
    ) -> Outcome {
        let id = credentials.id
        switch registry.lookup(id: id) {
        case .found(let found):
            metrics.cacheLookup(tier: .local, cache: .client, hit: true)
            return check(found)
        case .unknown:
            metrics.cacheLookup(tier: .local, cache: .client, hit: true)
            return refuse(credentials, Self.failed)
        case .miss:
            metrics.cacheLookup(tier: .local, cache: .client, hit: false)
            guard let dynamic = registry.dynamic else { return refuse(credentials, Self.failed) }
            return .deferred(Deferral(.client(id: id, cache: dynamic, metrics: metrics)) { [self] fetched, _ in
                guard case .client(let client?) = fetched else { return refuse(credentials, Self.failed) }
                return check(client)
            })
        }
    }

    /// A refused login: counted against the client's authentication failure limits (the client
    /// found was looked up by `credentials.id`, so the id is the same).
    func refuse(_ credentials: ClientCredentials, _ error: OAuthError) -> Outcome {
        limiter.recordAuthenticationFailure(clientID: credentials.id, source: credentials.source)
        return .failed(error)
    }
}

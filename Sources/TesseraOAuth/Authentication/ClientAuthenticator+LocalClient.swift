extension ClientAuthenticator {
    /// Where the client of a key or certificate login stands: found in memory, or the request is
    /// answered already (refused, or deferred to look it up off the I/O thread and answer again).
    enum LocalClient {
        case client(Client)
        case answer(Outcome)
    }

    /// The client of a `private_key_jwt` or certificate login, from memory. An unknown id is
    /// refused like a failed check; a miss is looked up in Redis and PostgreSQL off the I/O thread.
    func keyOrCertificateClient(_ credentials: ClientCredentials, timing: inout ServerTiming?, since start: UInt64) -> LocalClient {
        let id = credentials.id
        switch registry.lookup(id: id) {
        case .found(let found):
            metrics.cacheLookup(tier: .local, cache: .client, hit: true)
            return .client(found)
        case .unknown:
            metrics.cacheLookup(tier: .local, cache: .client, hit: true)
            return .answer(refuse(credentials, Self.failed, timing: &timing, since: start))
        case .miss:
            metrics.cacheLookup(tier: .local, cache: .client, hit: false)
            guard let dynamic = registry.dynamic else { return .answer(refuse(credentials, Self.failed, timing: &timing, since: start)) }
            timing?.add(.local, since: start)
            let metrics = self.metrics
            return .answer(.deferred(DeferredWork(task: id, metrics: metrics) { steps in
                let (resolution, fetch) = dynamic.resolve(id: id)
                for step in fetch.steps {
                    metrics.cacheLookup(tier: step.tier, cache: .client, hit: step.hit)
                    steps.append((step.tier == .redis ? .redis : .postgres, step.nanoseconds))
                }
                if case .unavailable = resolution { return .fail(.temporarilyUnavailable("the client store is unavailable")) }
                return .retry  // found or unknown: now answered from memory
            }))
        }
    }

    /// A refused login: counted against the client's authentication failure limits (the client
    /// found was looked up by `credentials.id`, so the id is the same).
    func refuse(_ credentials: ClientCredentials, _ error: OAuthError, timing: inout ServerTiming?, since start: UInt64) -> Outcome {
        limiter.recordAuthenticationFailure(clientID: credentials.id, source: credentials.source)
        timing?.add(.local, since: start)
        return .failed(error)
    }
}

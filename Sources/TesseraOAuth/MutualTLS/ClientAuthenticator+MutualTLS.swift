import Glibc
import TesseraStore

extension ClientAuthenticator {
    /// The names of certificates seen recently, shared by every endpoint and reload.
    static let identities = CertificateIdentityCache()

    /// RFC 8705 §2: `client_id` alone, and the certificate the request came with. The client from
    /// memory (a miss is looked up off the I/O thread, then answered again); its `MutualTLSPolicy`
    /// decides. No certificate, a client without a certificate method, or a certificate that does
    /// not match: `invalid_client`, counted against the client's authentication failure limit.
    func authenticateCertificate(_ credentials: ClientCredentials, timing: inout ServerTiming?, since start: UInt64) -> Outcome {
        let client: Client
        switch registry.lookup(id: credentials.id) {
        case .found(let found):
            metrics.cacheLookup(tier: "local", cache: "client", hit: true)
            client = found
        case .unknown:
            metrics.cacheLookup(tier: "local", cache: "client", hit: true)
            return refuseCertificate(credentials.id, timing: &timing, since: start)
        case .miss:
            metrics.cacheLookup(tier: "local", cache: "client", hit: false)
            guard let dynamic = registry.dynamic else { return refuseCertificate(credentials.id, timing: &timing, since: start) }
            if timing != nil { timing!.add(.local, since: start) }
            let metrics = self.metrics
            return .deferred(DeferredWork(task: credentials.id, metrics: metrics) { steps in
                let (resolution, fetch) = dynamic.resolve(id: credentials.id)
                for step in fetch.steps {
                    metrics.cacheLookup(tier: step.tier, cache: "client", hit: step.hit)
                    steps.append((step.tier == "redis" ? .redis : .postgres, step.nanoseconds))
                }
                if case .unavailable = resolution { return .fail(.temporarilyUnavailable("the client store is unavailable")) }
                return .retry  // found or unknown: now answered from memory
            })
        }
        guard let policy = client.mutualTLS, let certificate = credentials.certificate,
            policy.authenticates(certificate, now: Int64(time(nil)), identity: Self.identities.identity(of:))
        else {
            return refuseCertificate(client.id, timing: &timing, since: start)
        }
        return .authenticated(client)
    }

    private func refuseCertificate(_ clientID: String, timing: inout ServerTiming?, since start: UInt64) -> Outcome {
        limiter.recordAuthenticationFailure(clientID: clientID)
        if timing != nil { timing!.add(.local, since: start) }
        return .failed(Self.failed)
    }
}

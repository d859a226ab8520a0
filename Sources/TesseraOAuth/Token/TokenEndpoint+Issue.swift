import TesseraJOSE

extension TokenEndpoint {
    /// A newly signed token, kept for reuse under `key` (when there is one).
    func issue(
        client: Client, grant: Grant, key: TokenGrantKey?, stamp: ReuseStamp, now: Int64, timing: inout StepTimings?
    ) -> Outcome {
        switch sign(client: client, grant: grant, stamp: stamp, now: now, timing: &timing) {
        case .answered(let token):
            if let key { caches.reuse.store(token, for: key, stamp: stamp) }
            return .answered(response(token, grant, now: now))
        case .failed(let error):
            return .failed(error)
        case .deferred(let deferral):
            return .deferred(deferral.then { [self] token, _ in
                if let key { caches.reuse.store(token, for: key, stamp: stamp) }
                return .answered(response(token, grant, now: now))
            })
        }
    }

    /// Signs a token for `grant`. With a status list, its index comes from the client's block;
    /// an empty block is a need (`statusBlock`), after which phase two signs with the index the
    /// refill took for this request (`reserved`).
    func sign(
        client: Client, grant: Grant, stamp: ReuseStamp, now: Int64, reserved: StatusReference? = nil, timing: inout StepTimings?
    ) -> EndpointOutcome<IssuedToken> {
        let scope = grant.scope
        // A token must outlive the client's cut (`revoke-tokens` in this very second): issued
        // just after it, within the 30 s leeway introspection allows for `iat`.
        var issuedAt = now
        if stamp.cuts != 0, let notBefore = revocations.notBefore(clientID: client.id), notBefore >= now {
            issuedAt = notBefore + 1
        }
        var claims = TokenClaims(
            issuer: settings.issuer, subject: client.id, clientID: client.id, audiences: grant.audiences,
            scope: scope, issuedAt: issuedAt, expiresAt: issuedAt + (client.tokenTTLSeconds ?? settings.ttlSeconds), jwtID: minter.newJWTID(),
            certificateThumbprint: grant.certificate?.thumbprintBase64URL)
        claims.proofKeyThumbprint = grant.proofKey
        if let statusList {
            guard let status = reserved ?? statusList.take(for: client, now: issuedAt) else {
                return .deferred(Deferral(.statusBlock(client: client, now: now, allocator: statusList)) { [self] fetched, timing in
                    guard case .statusIndex(let reference) = fetched else {
                        return .failed(.temporarilyUnavailable("no status list index could be reserved"))
                    }
                    return sign(client: client, grant: grant, stamp: stamp, now: now, reserved: reference, timing: &timing)
                })
            }
            claims.status = status
        }
        var token: [UInt8] = []
        token.reserveCapacity(512)
        let signStart = StepTimings.now()
        do {
            try minter.mint(claims, into: &token)
        } catch {
            return .failed(.temporarilyUnavailable("the token could not be signed"))
        }
        let signNanoseconds = StepTimings.now() &- signStart
        timing?.add(.sign, nanoseconds: signNanoseconds)
        metrics.signed(nanoseconds: signNanoseconds)
        metrics.tokenIssued(algorithm: minter.algorithm)
        return .answered(IssuedToken(token: token, jwtID: claims.jwtID, expiresAt: claims.expiresAt, scope: scope, issuedAt: issuedAt))
    }
}

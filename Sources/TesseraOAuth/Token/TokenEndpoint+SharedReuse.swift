extension TokenEndpoint {
    /// Phase two of the shared reuse: adopts the token another node holds for this grant, else
    /// signs one here and offers it to the others (a need: the first stored wins). The token
    /// handed out lands in the local reuse cache too. With Redis down, the token signed here is used.
    func adoptOrSign(
        _ found: IssuedToken?, _ shared: SharedTokenReuse, key: TokenGrantKey, stamp: ReuseStamp, client: Client, grant: Grant,
        now: Int64, timing: inout StepTimings?
    ) -> Outcome {
        let usable = found.map { isUsable($0, client: client, now: now) } ?? false
        metrics.cacheLookup(tier: .redis, cache: .token, hit: usable)
        if let found {
            if usable {
                caches.reuse.store(found, for: key, stamp: stamp)
                return .answered(response(found, grant, now: now))
            }
            // Revoked or cut: nobody may adopt it again. Not loaded yet: just not adopted here.
            if revocations.isLoaded { try? shared.drop(key, stamp: stamp) }
        }
        return sign(client: client, grant: grant, stamp: stamp, now: now, timing: &timing).then(timing: &timing) { [self] signed, _ in
            .deferred(Deferral(.sharedOffer(signed, key: key, stamp: stamp, now: now, reuse: shared)) { [self] fetched, _ in
                var token = signed
                if case .sharedToken(let adopted?) = fetched, adopted.jwtID == signed.jwtID || isUsable(adopted, client: client, now: now) {
                    token = adopted
                }
                caches.reuse.store(token, for: key, stamp: stamp)
                return .answered(response(token, grant, now: now))
            })
        }
    }

    /// A token another node shared: handed out only when this node knows it is not revoked.
    func isUsable(_ token: IssuedToken, client: Client, now: Int64) -> Bool {
        revocations.isLoaded && !revocations.isRevoked(jwtID: token.jwtID, now: now)
            && !revocations.isCut(clientID: client.id, issuedAt: token.issuedAt)
    }
}

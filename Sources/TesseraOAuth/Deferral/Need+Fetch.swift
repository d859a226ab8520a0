import TesseraStore

extension Need {
    /// Does the work once, on the calling (backend) thread, adding its steps to `timing`.
    /// `reserved`: a place in `SlowHashPool.shared`'s queue is held for a slow hash.
    package func fetch(reserved: Bool, timing: inout StepTimings?) -> Fetched {
        let start = StepTimings.now()
        switch self {
        case .client(let id, let cache, let metrics):
            let (resolution, fetch) = cache.resolve(id: id)
            for step in fetch.steps {
                metrics.cacheLookup(tier: step.tier, cache: .client, hit: step.hit)
                timing?.add(step.tier == .redis ? .redis : .postgres, nanoseconds: step.nanoseconds)
            }
            switch resolution {
            case .found(let client): return .client(client)
            case .unknown: return .client(nil)  // now cached as unknown
            case .unavailable: return .failed(.temporarilyUnavailable("the client store is unavailable"))
            }
        case .slowHash(let client, let secret, let alternate, let now, let metrics):
            let fetched = Self.hashSlowly(client, secret: secret, alternate: alternate, now: now, reserved: reserved, metrics: metrics)
            timing?.add(.hash, since: start)
            return fetched
        case .jtiClaim(let claim):
            return claim.claim(timing: &timing)
        case .sharedToken(let key, let stamp, let now, let reuse):
            let found = try? reuse.find(key, stamp: stamp, now: now)
            timing?.add(.redis, since: start)
            return .sharedToken(found ?? nil)
        case .sharedOffer(let token, let key, let stamp, let now, let reuse):
            // Redis down: the token signed here is used.
            let adopted = (try? reuse.claim(token, for: key, stamp: stamp, now: now)) ?? token
            timing?.add(.redis, since: start)
            return .sharedToken(adopted)
        case .statusBlock(let client, let now, let allocator):
            do {
                return .statusIndex(try allocator.refill(for: client, now: now))
            } catch {
                return .failed(.temporarilyUnavailable("no status list index could be reserved"))
            }
        case .durableRevocation(let revocation):
            do {
                try revocation.write()
            } catch {
                return .failed(.temporarilyUnavailable("the revocation could not be recorded"))
            }
            return .done
        }
    }
}

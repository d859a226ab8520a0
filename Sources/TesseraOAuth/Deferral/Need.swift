import TesseraStore

/// What phase one of an endpoint needs before it can answer, when its caches cannot tell: one
/// piece of blocking work, named by its case and carrying what it takes to do it. The backend
/// does it once (`fetch`) and hands the typed result (`Fetched`) to the endpoint's phase two.
package enum Need: Sendable {
    /// The client record from Redis and PostgreSQL: the local tier missed.
    case client(id: String, cache: ClientCache, metrics: any TokenMetrics)
    /// The verdict of a client's live slow hashes on a presented secret (and the Basic secret as
    /// sent, tried in the same job when the decoded one fails).
    case slowHash(client: Client, secret: [UInt8], alternate: [UInt8]?, now: Int64, metrics: any TokenMetrics)
    /// A jti (a client assertion's or a DPoP proof's) claimed in the shared store or the journal.
    case jtiClaim(JTIClaim)
    /// The reusable token another node shared for this grant (nil when none, or Redis is down).
    case sharedToken(key: TokenGrantKey, stamp: ReuseStamp, now: Int64, reuse: SharedTokenReuse)
    /// A token signed here offered to the other nodes: the first stored wins.
    case sharedOffer(IssuedToken, key: TokenGrantKey, stamp: ReuseStamp, now: Int64, reuse: SharedTokenReuse)
    /// The client's next block of status list indexes.
    case statusBlock(client: Client, now: Int64, allocator: any StatusIndexAllocating)
    /// A revocation made durable before it is answered.
    case durableRevocation(DurableRevocation)

    /// True when `fetch` runs on `SlowHashPool.shared`: the caller holds a place in its queue
    /// first, so that a full queue is answered 503 on the I/O thread.
    package var hashesSlowly: Bool {
        if case .slowHash = self { return true }
        return false
    }
}

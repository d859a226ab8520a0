import TesseraStore

/// The result of running deferred work.
package enum DeferredResolution: Sendable, Equatable {
    /// The state the request needed is now in place (e.g. the verification is memoized): respond again.
    case retry
    case fail(OAuthError)
}

/// Work an endpoint hands out instead of doing it on the I/O thread: a slow secret verification
/// (memoizes a success, counts a failure), a client lookup that missed the local tier (asks Redis
/// and PostgreSQL and fills the local tier), or a task (a jti claimed in the shared store or journal, the shared token
/// reuse, a durable revocation record). Safe to run on any thread, once; `settle` runs it and
/// answers the request again.
package final class DeferredWork: @unchecked Sendable {
    enum Kind {
        case verify(client: Client, secret: [UInt8], verifiedSecrets: VerifiedSecretCache, limiter: RateLimiter)
        case lookup(clientID: String, secret: [UInt8], cache: ClientCache, verifiedSecrets: VerifiedSecretCache, limiter: RateLimiter)
        /// Anything else that must leave the I/O thread (the shared token reuse); it reports the
        /// steps it took.
        case task(clientID: String, body: @Sendable (inout [(ServerTiming.Step, UInt64)]) -> DeferredResolution)
    }

    let kind: Kind
    let metrics: any TokenMetrics
    package private(set) var elapsedNanoseconds: UInt64 = 0
    /// The tiers a lookup consulted, in order, with their durations.
    package private(set) var tierSteps: [ClientTiers.Step] = []
    /// Time of a slow hash run after a lookup.
    var hashNanoseconds: UInt64 = 0
    /// Steps a task reported.
    private var taskSteps: [(ServerTiming.Step, UInt64)] = []
    var heldPlace = false
    /// The Basic secret as sent, tried in the same hash job when the decoded one fails.
    let alternate: [UInt8]?
    /// Where the request came from: a failed verification counts against it.
    let source: SourceAddress
    /// The request was admitted by the per-client rate limiter before this work was handed out:
    /// answering it again must not take a second request from the client's bucket.
    package internal(set) var admitted = false

    init(
        client: Client, secret: [UInt8], verifiedSecrets: VerifiedSecretCache, limiter: RateLimiter, metrics: any TokenMetrics,
        alternate: [UInt8]? = nil, source: SourceAddress = .unknown
    ) {
        self.kind = .verify(client: client, secret: secret, verifiedSecrets: verifiedSecrets, limiter: limiter)
        self.metrics = metrics
        self.alternate = alternate
        self.source = source
    }

    init(
        lookup clientID: String, secret: [UInt8], cache: ClientCache, verifiedSecrets: VerifiedSecretCache,
        limiter: RateLimiter, metrics: any TokenMetrics, alternate: [UInt8]? = nil, source: SourceAddress = .unknown
    ) {
        self.kind = .lookup(clientID: clientID, secret: secret, cache: cache, verifiedSecrets: verifiedSecrets, limiter: limiter)
        self.metrics = metrics
        self.alternate = alternate
        self.source = source
    }

    init(task clientID: String, metrics: any TokenMetrics, _ body: @escaping @Sendable (inout [(ServerTiming.Step, UInt64)]) -> DeferredResolution) {
        self.kind = .task(clientID: clientID, body: body)
        self.metrics = metrics
        self.alternate = nil
        self.source = .unknown
    }

    /// The client the work is for.
    package var clientID: String {
        switch kind {
        case .task(let clientID, _): clientID
        case .verify(let client, _, _, _): client.id
        case .lookup(let clientID, _, _, _, _): clientID
        }
    }

    /// For a slow-hash verification: holds a place in `SlowHashPool.shared`'s queue, so that the
    /// caller can answer 503 on its own thread when the queue is full (false), before handing the
    /// work to a backend thread. Other work needs no place (true). A place held and not used by
    /// `run()` must be given back with `releasePlace()`.
    package func reservePlace() -> Bool {
        guard case .verify = kind else { return true }
        heldPlace = SlowHashPool.shared.reserve()
        return heldPlace
    }

    package func releasePlace() {
        if heldPlace { SlowHashPool.shared.release() }
        heldPlace = false
    }

    /// True for a client lookup (tiers), false for a slow hash or a task.
    package var isLookup: Bool {
        if case .lookup = kind { return true }
        return false
    }

    package func run() -> DeferredResolution {
        let start = ServerTiming.now()
        defer { elapsedNanoseconds = ServerTiming.now() &- start }
        switch kind {
        case .task(_, let body):
            return body(&taskSteps)
        case .verify(let client, let secret, let verifiedSecrets, let limiter):
            return hashSlowly(client, secret: secret, verifiedSecrets: verifiedSecrets, limiter: limiter)
        case .lookup(let clientID, let secret, let cache, let verifiedSecrets, let limiter):
            let (resolution, fetch) = cache.resolve(id: clientID)
            tierSteps = fetch.steps
            for step in fetch.steps { metrics.cacheLookup(tier: step.tier, cache: .client, hit: step.hit) }
            switch resolution {
            case .unavailable:
                return .fail(.temporarilyUnavailable("the client store is unavailable"))
            case .unknown:
                return .retry  // now cached as unknown: answering again refuses it from memory
            case .found(let client):
                // A slow hash runs here too, so the request needs one trip off the I/O thread.
                guard client.hasSlowSecret, !client.rotatesSecrets
                        || client.fastSecretMatch(secret, alternate: alternate, now: ClientSecret.wallNanoseconds()) == nil,
                    !verifiedSecrets.isVerified(client, secret: secret),
                    alternate.map({ verifiedSecrets.isVerified(client, secret: $0) }) != true
                else { return .retry }
                return hashSlowly(client, secret: secret, verifiedSecrets: verifiedSecrets, limiter: limiter)
            }
        }
    }

    /// Adds the steps taken (`hash`, or `redis` / `postgres`) to a request's timing after `run()`.
    package func recordTiming(into timing: inout ServerTiming?) {
        guard timing != nil else { return }
        switch kind {
        case .task:
            for (step, nanoseconds) in taskSteps { timing?.add(step, nanoseconds: nanoseconds) }
        case .verify:
            timing?.add(.hash, nanoseconds: elapsedNanoseconds)
        case .lookup:
            for step in tierSteps {
                timing?.add(step.tier == .redis ? .redis : .postgres, nanoseconds: step.nanoseconds)
            }
            if hashNanoseconds > 0 { timing?.add(.hash, nanoseconds: hashNanoseconds) }
        }
    }
}

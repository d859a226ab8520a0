import TesseraStore

/// What the token endpoint answers to one request.
package enum TokenOutcome: Sendable {
    case issued(TokenResponse)
    case failed(OAuthError)
    /// Work that must not run on the I/O thread (a slow secret hash). Run it on a background
    /// executor, then call `respond` again on the I/O thread when it returns `.retry`, or answer
    /// the error it returns.
    case deferred(DeferredWork)
}

/// The result of running deferred work.
package enum DeferredResolution: Sendable, Equatable {
    /// The state the request needed is now in place (e.g. the verification is memoized): respond again.
    case retry
    case fail(OAuthError)
}

/// Work the token endpoint hands out instead of doing it on the I/O thread: a slow secret
/// verification (memoizes a success, counts a failure), or a client lookup that missed the local
/// tier (asks Redis and PostgreSQL and fills the local tier). Safe to run on any thread, once.
package final class DeferredWork: @unchecked Sendable {
    private enum Kind {
        case verify(client: Client, secret: [UInt8], verifiedSecrets: VerifiedSecretCache, limiter: RateLimiter)
        case lookup(clientID: String, secret: [UInt8], cache: ClientCache, verifiedSecrets: VerifiedSecretCache, limiter: RateLimiter)
        /// Anything else that must leave the I/O thread (the shared token reuse); it reports the
        /// steps it took.
        case task(clientID: String, body: @Sendable (inout [(ServerTiming.Step, UInt64)]) -> DeferredResolution)
    }

    private let kind: Kind
    private let metrics: any TokenMetrics
    package private(set) var elapsedNanoseconds: UInt64 = 0
    /// The tiers a lookup consulted, in order, with their durations.
    package private(set) var tierSteps: [ClientTiers.Step] = []
    /// Time of a slow hash run after a lookup.
    private var hashNanoseconds: UInt64 = 0
    /// Steps a task reported.
    private var taskSteps: [(ServerTiming.Step, UInt64)] = []
    private var heldPlace = false
    /// The Basic secret as sent, tried in the same hash job when the decoded one fails.
    private var alternate: [UInt8]?

    init(
        client: Client, secret: [UInt8], verifiedSecrets: VerifiedSecretCache, limiter: RateLimiter, metrics: any TokenMetrics,
        alternate: [UInt8]? = nil
    ) {
        self.kind = .verify(client: client, secret: secret, verifiedSecrets: verifiedSecrets, limiter: limiter)
        self.metrics = metrics
        self.alternate = alternate
    }

    init(
        lookup clientID: String, secret: [UInt8], cache: ClientCache, verifiedSecrets: VerifiedSecretCache,
        limiter: RateLimiter, metrics: any TokenMetrics, alternate: [UInt8]? = nil
    ) {
        self.kind = .lookup(clientID: clientID, secret: secret, cache: cache, verifiedSecrets: verifiedSecrets, limiter: limiter)
        self.metrics = metrics
        self.alternate = alternate
    }

    init(task clientID: String, metrics: any TokenMetrics, _ body: @escaping @Sendable (inout [(ServerTiming.Step, UInt64)]) -> DeferredResolution) {
        self.kind = .task(clientID: clientID, body: body)
        self.metrics = metrics
    }

    /// The client the work is for.
    package var clientID: String {
        switch kind {
        case .task(let clientID, _): clientID
        case .verify(let client, _, _, _): client.id
        case .lookup(let clientID, _, _, _, _): clientID
        }
    }

    /// True for a client lookup (tiers), false for a slow hash.
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
            let held = heldPlace
            heldPlace = false
            guard let matched = held
                ? SlowHashPool.shared.firstMatch(reserved: client.secretHash, secret, alternate: alternate)
                : SlowHashPool.shared.firstMatch(client.secretHash, secret, alternate: alternate)
            else {
                metrics.slowHashRefused()
                return .fail(SlowHashPool.overloaded)
            }
            metrics.slowHashVerified(nanoseconds: ServerTiming.now() &- start, success: matched != nil)
            if let matched {
                verifiedSecrets.remember(client, secret: matched)
                return .retry
            }
            limiter.recordAuthenticationFailure(clientID: client.id)
            return .fail(TokenEndpoint.authenticationFailed)
        case .lookup(let clientID, let secret, let cache, let verifiedSecrets, let limiter):
            let (resolution, fetch) = cache.resolve(id: clientID)
            tierSteps = fetch.steps
            for step in fetch.steps { metrics.cacheLookup(tier: step.tier, cache: "client", hit: step.hit) }
            switch resolution {
            case .unavailable:
                return .fail(.temporarilyUnavailable("the client store is unavailable"))
            case .unknown:
                return .retry  // now cached as unknown: answering again refuses it from memory
            case .found(let client):
                // A slow hash runs here too, so the request needs one trip off the I/O thread.
                guard client.secretHash.isSlow, !verifiedSecrets.isVerified(client, secret: secret),
                    alternate.map({ verifiedSecrets.isVerified(client, secret: $0) }) != true
                else { return .retry }
                let hashStart = ServerTiming.now()
                guard let matched = SlowHashPool.shared.firstMatch(client.secretHash, secret, alternate: alternate) else {
                    metrics.slowHashRefused()
                    return .fail(SlowHashPool.overloaded)
                }
                hashNanoseconds = ServerTiming.now() &- hashStart
                metrics.slowHashVerified(nanoseconds: hashNanoseconds, success: matched != nil)
                if let matched {
                    verifiedSecrets.remember(client, secret: matched)
                    return .retry
                }
                limiter.recordAuthenticationFailure(clientID: client.id)
                return .fail(TokenEndpoint.authenticationFailed)
            }
        }
    }

    /// Adds the steps taken (`hash`, or `redis` / `postgres`) to a request's timing after `run()`.
    package func recordTiming(into timing: inout ServerTiming?) {
        guard timing != nil else { return }
        switch kind {
        case .task:
            for (step, nanoseconds) in taskSteps { timing!.add(step, nanoseconds: nanoseconds) }
        case .verify:
            timing!.add(.hash, nanoseconds: elapsedNanoseconds)
        case .lookup:
            for step in tierSteps {
                timing!.add(step.tier == "redis" ? .redis : .postgres, nanoseconds: step.nanoseconds)
            }
            if hashNanoseconds > 0 { timing!.add(.hash, nanoseconds: hashNanoseconds) }
        }
    }
}

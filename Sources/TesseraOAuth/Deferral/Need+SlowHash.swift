extension Need {
    /// Checks `secret` (and `alternate`) against the client's live slow hashes on
    /// `SlowHashPool.shared`, in the place the caller holds when `reserved`. A full queue is 503.
    static func hashSlowly(
        _ client: Client, secret: [UInt8], alternate: [UInt8]?, now: Int64, reserved: Bool, metrics: any TokenMetrics
    ) -> Fetched {
        let live = client.liveSlowSecrets(now: now)
        guard !live.isEmpty else {
            if reserved { SlowHashPool.shared.release() }
            return .secretMismatched
        }
        let hashes = live.map { client.secrets[$0].hash }
        let start = StepTimings.now()
        guard let matched = reserved
            ? SlowHashPool.shared.firstMatch(reserved: hashes, secret, alternate: alternate)
            : SlowHashPool.shared.firstMatch(hashes, secret, alternate: alternate)
        else {
            metrics.slowHashRefused()
            return .failed(SlowHashPool.overloaded)
        }
        metrics.slowHashVerified(nanoseconds: StepTimings.now() &- start, success: matched != nil)
        guard let matched else { return .secretMismatched }
        return .secretMatched(index: live[matched.index], secret: matched.secret)
    }
}

extension Client {
    /// Positions of the secrets with a slow hash that are still live at `now` (unix seconds).
    func liveSlowSecrets(now: Int64) -> [Int] {
        guard rotatesSecrets else { return secretHash.isSlow ? [0] : [] }
        return secrets.indices.filter { secrets[$0].hash.isSlow && secrets[$0].isLive(at: now) }
    }

    /// True when some secret has a slow hash (memoized verification, or a trip off the I/O thread).
    var hasSlowSecret: Bool { rotatesSecrets ? secrets.contains { $0.hash.isSlow } : secretHash.isSlow }
}

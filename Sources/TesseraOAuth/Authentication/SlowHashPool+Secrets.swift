import Dispatch

extension SlowHashPool {
    /// `firstMatch` over several of a client's slow hashes (the live ones while secrets overlap),
    /// as one job in one place of the queue. Returns the position in `hashes` and the secret that
    /// matched, nil when none did.
    package func firstMatch(reserved hashes: [SecretHash], _ secret: [UInt8], alternate: [UInt8]?) -> (index: Int, secret: [UInt8])? {
        guard hashes.count > 1 else {
            return hashes.first.flatMap { firstMatch(reserved: $0, secret, alternate: alternate) }.map { (0, $0) }
        }
        let done = DispatchSemaphore(value: 0)
        let result = IndexedMatchBox()
        submit(reserved: {
            for (index, hash) in hashes.enumerated() {
                if hash.verify(secret) {
                    result.value = (index, secret)
                } else if let alternate, hash.verify(alternate) {
                    result.value = (index, alternate)
                }
                if result.value != nil { break }
            }
            done.signal()
        })
        done.wait()
        return result.value
    }

    /// The same taking its own place; `.none` (outer nil) when the queue is full.
    package func firstMatch(_ hashes: [SecretHash], _ secret: [UInt8], alternate: [UInt8]?) -> (index: Int, secret: [UInt8])?? {
        guard reserve() else { return .none }
        return .some(firstMatch(reserved: hashes, secret, alternate: alternate))
    }

    private final class IndexedMatchBox: @unchecked Sendable {
        // @unchecked: written once by the pool thread before the semaphore is signalled, read after.
        var value: (index: Int, secret: [UInt8])?
    }
}

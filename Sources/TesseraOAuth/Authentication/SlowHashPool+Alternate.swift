import Dispatch

extension SlowHashPool {
    /// Verifies `secret`, then `alternate` (the Basic secret as sent, when form-decoding changed
    /// it) if the first fails, as one job in one place of the queue: a lenient client costs the
    /// queue what any other costs. Returns the secret that matched, nil when neither did.
    package func firstMatch(reserved hash: SecretHash, _ secret: [UInt8], alternate: [UInt8]?) -> [UInt8]? {
        let done = DispatchSemaphore(value: 0)
        let result = MatchBox()
        submit(reserved: {
            if hash.verify(secret) {
                result.value = secret
            } else if let alternate, hash.verify(alternate) {
                result.value = alternate
            }
            done.signal()
        })
        done.wait()
        return result.value
    }

    /// `firstMatch` taking its own place; `.none` (outer nil) when the queue is full.
    package func firstMatch(_ hash: SecretHash, _ secret: [UInt8], alternate: [UInt8]?) -> [UInt8]?? {
        guard reserve() else { return .none }
        return .some(firstMatch(reserved: hash, secret, alternate: alternate))
    }

    private final class MatchBox: @unchecked Sendable {
        // @unchecked: written once by the pool thread before the semaphore is signalled, read after.
        var value: [UInt8]?
    }
}

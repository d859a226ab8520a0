import Foundation

/// A small pool of OpenSSL contexts that are expensive to set up and cheap to reuse
/// (an `EVP_MD_CTX` initialised for one Ed25519 key, an `EVP_MAC_CTX` keyed once).
///
/// A context is used by one thread at a time: `withContext` takes one out (or makes one),
/// runs the body, and puts it back. Steady state therefore allocates nothing per signature,
/// and concurrent callers never share a context. The lock guards only the array.
final class ContextPool: @unchecked Sendable {
    // @unchecked: `free` is only touched under `lock`; contexts are handed to one thread at a time.
    private let lock = NSLock()
    private var free: [OpaquePointer] = []
    private let limit: Int
    private let make: () -> OpaquePointer?
    private let destroy: (OpaquePointer) -> Void

    init(limit: Int = 16, make: @escaping () -> OpaquePointer?, destroy: @escaping (OpaquePointer) -> Void) {
        self.limit = limit
        self.make = make
        self.destroy = destroy
        free.reserveCapacity(limit)
    }

    deinit {
        for context in free { destroy(context) }
    }

    /// Runs `body` with a context of its own; nil when a new context could not be made.
    /// The body returns false when the context must not be reused (left in an unknown state).
    func withContext<R>(_ body: (OpaquePointer) -> (result: R, reusable: Bool)) -> R? {
        lock.lock()
        let pooled = free.popLast()
        lock.unlock()
        guard let context = pooled ?? make() else { return nil }
        let (result, reusable) = body(context)
        if reusable {
            lock.lock()
            if free.count < limit {
                free.append(context)
                lock.unlock()
                return result
            }
            lock.unlock()
        }
        destroy(context)
        return result
    }
}

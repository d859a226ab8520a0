import TesseraCore

/// The one pool of OpenSSL contexts that are expensive to set up and cheap to reuse: an
/// `EVP_MD_CTX` initialised for one Ed25519 key, the RSA and P-256 contexts of `EVPKey`, the SHA-256
/// contexts of `TokenDigest`.
///
/// A context is used by one thread at a time: `withContext` takes one out (or makes one),
/// runs the body, and puts it back. Steady state therefore allocates nothing per use,
/// and concurrent callers never share a context. The lock guards only the array; `make` and
/// `destroy` run only when the pool is empty or full.
final class ContextPool: @unchecked Sendable {
    // @unchecked: `free` is only touched under `lock`; contexts are handed to one thread at a time.
    private let lock = PthreadMutex()
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
    @inline(__always)
    func withContext<R>(_ body: (OpaquePointer) -> (result: R, reusable: Bool)) -> R? {
        let pooled = lock.withLock { free.popLast() }
        guard let context = pooled ?? make() else { return nil }
        let (result, reusable) = body(context)
        if reusable && lock.withLock({ () -> Bool in
            guard free.count < limit else { return false }
            free.append(context)
            return true
        }) {
            return result
        }
        destroy(context)
        return result
    }
}

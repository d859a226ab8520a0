import Glibc

/// Random ids for requests, traces and spans: xoshiro256** per thread, seeded from the system generator.
/// Ids need to be unpredictable enough not to collide, not secret; one syscall per thread
/// instead of one per id keeps them off the request's cost.
package enum FastRandom {
    /// The generator's four words live in raw memory owned by the thread (freed by the key's
    /// destructor): no object, so drawing a number retains and releases nothing (a class
    /// instance cost a retain/release pair and ~117 instructions per draw, callgrind).
    private typealias State = UnsafeMutablePointer<UInt64>

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in raw?.deallocate() }
        return key
    }()

    /// 64 random bits; never 0.
    package static func next() -> UInt64 {
        let s = pthread_getspecific(key)?.assumingMemoryBound(to: UInt64.self) ?? seeded()
        let result = rotl(s[1] &* 5, 7) &* 9
        let t = s[1] << 17
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result == 0 ? 1 : result
    }

    /// This thread's first draw: its state, seeded with getrandom(2) through UInt64.random
    /// (a local SystemRandomNumberGenerator's inout use is seen by ThreadSanitizer at one
    /// shared address).
    private static func seeded() -> State {
        let s = State.allocate(capacity: 4)
        for i in 0..<4 { s[i] = UInt64.random(in: .min ... .max) }
        if s[0] | s[1] | s[2] | s[3] == 0 { s[0] = UInt64(truncatingIfNeeded: time(nil)) | 1 }
        pthread_setspecific(key, s)
        return s
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

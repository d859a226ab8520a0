import Glibc

/// Random ids for requests, traces and spans: xoshiro256** per thread, seeded from the system generator.
/// Ids need to be unpredictable enough not to collide, not secret; one syscall per thread
/// instead of one per id keeps them off the request's cost.
package enum FastRandom {
    private final class State {
        var s: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        init() {
            // getrandom(2), once per thread; through UInt64.random rather than a local
            // SystemRandomNumberGenerator, whose inout use ThreadSanitizer sees at one shared address.
            func word() -> UInt64 { UInt64.random(in: .min ... .max) }
            var seed = (word(), word(), word(), word())
            if seed.0 | seed.1 | seed.2 | seed.3 == 0 { seed.0 = UInt64(truncatingIfNeeded: time(nil)) | 1 }
            s = seed
        }

        func next() -> UInt64 {
            let result = rotl(s.1 &* 5, 7) &* 9
            let t = s.1 << 17
            s.2 ^= s.0
            s.3 ^= s.1
            s.1 ^= s.2
            s.0 ^= s.3
            s.2 ^= t
            s.3 = rotl(s.3, 45)
            return result
        }

        private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            if let raw { Unmanaged<State>.fromOpaque(raw).release() }
        }
        return key
    }()

    /// 64 random bits; never 0.
    package static func next() -> UInt64 {
        let state: State
        if let raw = pthread_getspecific(key) {
            state = Unmanaged<State>.fromOpaque(raw).takeUnretainedValue()
        } else {
            state = State()
            pthread_setspecific(key, Unmanaged.passRetained(state).toOpaque())
        }
        let value = state.next()
        return value == 0 ? 1 : value
    }
}

import Synchronization
import TesseraCore
import TesseraOAuth

/// How long after it arrived a refused client authentication (401 `invalid_client`) is answered,
/// at the earliest. Without it the time to a 401 tells who has a chosen secret: a wrong secret for
/// a PBKDF2-hashed client costs one slow hash (~350 ms), an unknown id or a keyed-hash client well
/// under a millisecond. With every 401 held until the same floor, above the slow hash, they read
/// alike; the hold is a timer of the connection's event loop (`HTTPDeferral.complete(notBefore:)`),
/// so a refusal costs no more CPU than before and no thread waits.
///
/// The floor is measured once per process: one verification of a hash with the default PBKDF2
/// parameters, through `SlowHashPool` like a real one, off the I/O threads; then 1.5 times that
/// plus 20 ms for the scheduling a real one meets. Until it is measured, `initial` stands. A
/// refusal that took longer than the floor to decide (a slow hash on a loaded machine, a slow
/// store) raises it to 1.25 times what it took, up to `maximum`, for `raiseLifetime` after the
/// last such refusal: otherwise, under load, the time to a 401 would tell again which path a
/// refusal took; and a single slow moment (a store's hiccup) does not slow every later 401 for
/// the rest of the process's life. Only refusals wait for it.
final class AuthenticationFailureFloor: Sendable {
    /// The process's floor, measured from the first use on (`TesseraHandler.init`).
    static let shared = AuthenticationFailureFloor()

    /// Until measured: above any PBKDF2 verification at the default parameters on a slow machine.
    static let initialNanoseconds: UInt64 = 1_000_000_000

    /// The most a refusal is ever held.
    static let maximumNanoseconds: UInt64 = 5_000_000_000

    /// How long a raised floor stands after the last refusal that raised (or kept) it.
    static let raiseLifetimeNanoseconds: UInt64 = 60_000_000_000

    /// The measured floor (the initial guess until then).
    private let base = Atomic<UInt64>(AuthenticationFailureFloor.initialNanoseconds)
    /// A floor raised by a slow refusal, and the monotonic time it stands until. Two words read
    /// apart: a reader between two writes sees an older raise or a newer one, either a floor.
    private let raised = Atomic<UInt64>(0)
    private let raisedUntil = Atomic<UInt64>(0)

    /// `measure: false` (tests) keeps `initialNanoseconds` as the base.
    init(measure: Bool = true) {
        if measure { BackgroundThread.detached { [self] in self.measure() } }
    }

    /// The current floor, nanoseconds.
    var nanoseconds: UInt64 { floor(at: MonotonicClock.now()) }

    /// The floor at monotonic time `now`.
    func floor(at now: UInt64) -> UInt64 {
        let base = base.load(ordering: .relaxed)
        let raised = raised.load(ordering: .relaxed)
        guard raised > base, now < raisedUntil.load(ordering: .relaxed) else { return base }
        return raised
    }

    /// A refusal was decided `elapsed` nanoseconds after its request arrived, at `now`: the floor
    /// covers it.
    func cover(elapsed: UInt64, now: UInt64 = MonotonicClock.now()) {
        let current = floor(at: now)
        guard elapsed >= current else { return }
        raised.store(min(Self.maximumNanoseconds, max(current, elapsed &+ elapsed / 4)), ordering: .relaxed)
        raisedUntil.store(now &+ Self.raiseLifetimeNanoseconds, ordering: .relaxed)
    }

    private func measure() {
        // No secret hashes to this digest: the verification is the work of any refusal of a
        // PBKDF2 client, without first hashing a secret to make one.
        let hash = SecretHash(algorithm: .pbkdf2SHA256(iterations: SecretHash.defaultPBKDF2Iterations),
                              salt: [UInt8](repeating: 0x5A, count: 16), digest: [UInt8](repeating: 0, count: 32))
        let start = MonotonicClock.now()
        guard SlowHashPool.shared.verify(hash, Array("tessera failure floor".utf8)) != nil else { return }
        let verification = MonotonicClock.now() &- start
        base.store(verification + verification / 2 + 20_000_000, ordering: .relaxed)
    }
}

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
/// store) raises it to 1.25 times what it took, up to `maximum`: otherwise, under load, the time
/// to a 401 would tell again which path a refusal took. It only ever rises (until a restart), and
/// only refusals wait for it.
final class AuthenticationFailureFloor: Sendable {
    /// The process's floor, measured from the first use on (`TesseraHandler.init`).
    static let shared = AuthenticationFailureFloor()

    /// Until measured: above any PBKDF2 verification at the default parameters on a slow machine.
    static let initialNanoseconds: UInt64 = 1_000_000_000

    /// The most a refusal is ever held.
    static let maximumNanoseconds: UInt64 = 5_000_000_000

    private let floor = Atomic<UInt64>(AuthenticationFailureFloor.initialNanoseconds)

    /// `measure: false` (tests) keeps `initialNanoseconds` until a refusal raises it.
    init(measure: Bool = true) {
        if measure { BackgroundThread.detached { [self] in self.measure() } }
    }

    /// The current floor, nanoseconds.
    var nanoseconds: UInt64 { floor.load(ordering: .relaxed) }

    /// The earliest time (`MonotonicClock` nanoseconds) to answer a refusal of a request that
    /// arrived at `started`.
    func notBefore(started: UInt64) -> UInt64 { started &+ nanoseconds }

    /// A refusal was decided `elapsed` nanoseconds after its request arrived: the floor covers it.
    func cover(elapsed: UInt64) {
        guard elapsed >= nanoseconds else { return }
        raise(to: min(Self.maximumNanoseconds, elapsed &+ elapsed / 4))
    }

    private func raise(to wanted: UInt64) {
        var current = floor.load(ordering: .relaxed)
        while current < wanted {
            let (exchanged, seen) = floor.compareExchange(expected: current, desired: wanted, ordering: .relaxed)
            if exchanged { return }
            current = seen
        }
    }

    private func measure() {
        // No secret hashes to this digest: the verification is the work of any refusal of a
        // PBKDF2 client, without first hashing a secret to make one.
        let hash = SecretHash(algorithm: .pbkdf2SHA256(iterations: SecretHash.defaultPBKDF2Iterations),
                              salt: [UInt8](repeating: 0x5A, count: 16), digest: [UInt8](repeating: 0, count: 32))
        let start = MonotonicClock.now()
        guard SlowHashPool.shared.verify(hash, Array("tessera failure floor".utf8)) != nil else { return }
        let verification = MonotonicClock.now() &- start
        let measured = verification + verification / 2 + 20_000_000
        var current = floor.load(ordering: .relaxed)
        while true {
            // The initial guess gives way; a higher floor a slow refusal set meanwhile stands.
            let wanted = current == Self.initialNanoseconds ? measured : max(current, measured)
            guard wanted != current else { return }
            let (exchanged, seen) = floor.compareExchange(expected: current, desired: wanted, ordering: .relaxed)
            if exchanged { return }
            current = seen
        }
    }
}

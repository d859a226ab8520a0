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
/// plus 20 ms for the scheduling a real one meets. Until it is measured, `initial` stands.
final class AuthenticationFailureFloor: Sendable {
    /// The process's floor, measured from the first use on (`TesseraHandler.init`).
    static let shared = AuthenticationFailureFloor()

    /// Until measured: above any PBKDF2 verification at the default parameters on a slow machine.
    static let initialNanoseconds: UInt64 = 1_000_000_000

    private let floor = Atomic<UInt64>(AuthenticationFailureFloor.initialNanoseconds)

    private init() {
        BackgroundThread.detached { [self] in self.measure() }
    }

    /// The current floor, nanoseconds.
    var nanoseconds: UInt64 { floor.load(ordering: .relaxed) }

    /// The earliest time (`MonotonicClock` nanoseconds) to answer a refusal of a request that
    /// arrived at `started`.
    func notBefore(started: UInt64) -> UInt64 { started &+ nanoseconds }

    private func measure() {
        // No secret hashes to this digest: the verification is the work of any refusal of a
        // PBKDF2 client, without first hashing a secret to make one.
        let hash = SecretHash(algorithm: .pbkdf2SHA256(iterations: SecretHash.defaultPBKDF2Iterations),
                              salt: [UInt8](repeating: 0x5A, count: 16), digest: [UInt8](repeating: 0, count: 32))
        let start = MonotonicClock.now()
        guard SlowHashPool.shared.verify(hash, Array("tessera failure floor".utf8)) != nil else { return }
        let verification = MonotonicClock.now() &- start
        floor.store(verification + verification / 2 + 20_000_000, ordering: .relaxed)
    }
}

import Synchronization
import TesseraJOSE

/// A client object's own copy of its memoized secret verification (see `VerifiedSecretCache`):
/// the MAC of the verified secret, until when it counts, and the cache epoch it was copied in.
///
/// Every I/O thread reads it on every request of the client, and it is written about once per
/// verification lifetime, so it is a sequence lock rather than a mutex: a reader only loads (the
/// cache line stays shared between the cores instead of moving to whichever locked it last), a
/// writer makes the sequence odd while it stores. Readers and writers give up after a few tries
/// instead of spinning behind a preempted writer; a reader that gives up reports no memo, which
/// only sends the request the slow way (`VerifiedSecretCache`'s LRU).
package final class SecretMemo: Sendable {
    struct Value {
        var mac: Digest16
        var expiresAt: UInt64
        var epoch: UInt64
        /// Which of the client's secrets it verified (0: the newest).
        var index: UInt64 = 0
    }

    /// Even: stable; odd: a write is under way; 0: never written.
    private let sequence = Atomic<UInt64>(0)
    private let w0 = Atomic<UInt64>(0)
    private let w1 = Atomic<UInt64>(0)
    private let expiresAt = Atomic<UInt64>(0)
    private let epoch = Atomic<UInt64>(0)
    private let index = Atomic<UInt64>(0)

    package init() {}

    func read() -> Value? {
        for _ in 0..<16 {
            let before = sequence.load(ordering: .acquiring)
            if before == 0 { return nil }
            if before & 1 != 0 { continue }
            let value = Value(
                mac: Digest16(w0: w0.load(ordering: .relaxed), w1: w1.load(ordering: .relaxed)),
                expiresAt: expiresAt.load(ordering: .relaxed), epoch: epoch.load(ordering: .relaxed),
                index: index.load(ordering: .relaxed))
            atomicMemoryFence(ordering: .acquiring)
            if sequence.load(ordering: .relaxed) == before { return value }
        }
        return nil
    }

    func write(_ value: Value) {
        var current = sequence.load(ordering: .relaxed)
        var taken = false
        for _ in 0..<16 where !taken {
            if current & 1 != 0 {
                current = sequence.load(ordering: .relaxed)
                continue
            }
            let (exchanged, seen) = sequence.compareExchange(expected: current, desired: current &+ 1, ordering: .acquiring)
            if exchanged { taken = true } else { current = seen }
        }
        // Another writer holds it: it is storing a memo of the same client, let it win.
        guard taken else { return }
        atomicMemoryFence(ordering: .releasing)
        w0.store(value.mac.w0, ordering: .relaxed)
        w1.store(value.mac.w1, ordering: .relaxed)
        expiresAt.store(value.expiresAt, ordering: .relaxed)
        epoch.store(value.epoch, ordering: .relaxed)
        index.store(value.index, ordering: .relaxed)
        sequence.store(current &+ 2, ordering: .releasing)
    }
}

import Synchronization

/// The bytes of log lines allowed to wait for stderr (`logging.buffer`), shared by every thread's
/// buffer. A buffer takes credit in chunks and spends it line by line under its own lock, so a
/// line costs no shared atomic until its buffer's chunk runs out; the writer hands back the bytes
/// it has written and a buffer's unspent credit each time it swaps the buffer out. So at any time
/// `available` + every buffer's credit and lines + the bytes being written = `limit`, and the
/// lines waiting never hold more than `limit` bytes.
final class LogBudget: Sendable {
    static let defaultLimit = 16 << 20

    /// Credit not handed to any buffer (negative for a while after the limit shrinks).
    private let available: Atomic<Int>
    private let limitValue: Atomic<Int>
    /// Lines dropped since the start, for `tessera_log_lines_dropped_total`.
    let dropped = Atomic<UInt64>(0)

    init(limit: Int = LogBudget.defaultLimit) {
        available = Atomic(limit)
        limitValue = Atomic(limit)
    }

    var limit: Int { limitValue.load(ordering: .relaxed) }

    /// A buffer takes this much at a time: small against the limit so that a few threads holding
    /// unspent credit do not starve the others, large enough that taking it is rare.
    var chunk: Int { min(64 << 10, max(4 << 10, limit / 64)) }

    /// Whether no credit is left at all: a buffer with none of its own drops its line unformatted.
    var isExhausted: Bool { available.load(ordering: .relaxed) <= 0 }

    /// A new limit (a reload): the difference is added to, or taken from, what is available.
    func setLimit(_ bytes: Int) {
        let old = limitValue.exchange(bytes, ordering: .relaxed)
        available.add(bytes - old, ordering: .relaxed)
    }

    /// At least `need` bytes of credit (a chunk when one is left), or nil when not even `need` is.
    func take(_ need: Int) -> Int? {
        var current = available.load(ordering: .relaxed)
        while true {
            guard current >= need else { return nil }
            let grant = min(current, max(need, chunk))
            let (exchanged, original) = available.compareExchange(
                expected: current, desired: current - grant, ordering: .relaxed)
            if exchanged { return grant }
            current = original
        }
    }

    /// Credit back: bytes written out, or a buffer's unspent credit.
    func give(_ bytes: Int) {
        if bytes != 0 { available.add(bytes, ordering: .relaxed) }
    }

    /// The credit not handed out, for the writer's "caught up" test and the tests.
    var availableBytes: Int { available.load(ordering: .relaxed) }

    func countDrop() {
        dropped.add(1, ordering: .relaxed)
    }
}

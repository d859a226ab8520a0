import Synchronization
import TesseraCore

/// One thread's waiting lines and the credit (bytes of `LogBudget`) it holds to add more. Its
/// lock is a pthread mutex (`Locked`): ThreadSanitizer sees its lock and unlock, so the hand-over
/// of the arrays between the thread and the writer is known to be ordered (with
/// `Synchronization.Mutex`, whose futex calls it does not see, it reported them as races and
/// aborted the process). The lock is only ever contended by the writer's swap.
final class LogBuffer: @unchecked Sendable {
    // @unchecked: `state` is `Locked` and `orphaned` atomic; nothing else is stored.
    struct State {
        var lines: [UInt8]
        /// Bytes this buffer may still add without asking the budget.
        var credit = 0
        /// Where `appendLine` has a line written before copying it into `lines` at once.
        var scratch: UnsafeMutableRawPointer? = nil
        var scratchCapacity = 0
    }

    private let state: Locked<State>
    /// Its thread ended: drained once more, then forgotten.
    let orphaned = Atomic<Bool>(false)

    init(capacity: Int) {
        var empty: [UInt8] = []
        empty.reserveCapacity(capacity)
        state = Locked(State(lines: empty))
    }

    /// Appends what `fill` writes, or drops it (counted) when the budget has no room for it. The
    /// common case is the thread's own credit: no atomic, no other lock.
    func append(_ budget: LogBudget, _ fill: (inout [UInt8]) -> Void) {
        state.withLock { state in
            // Nothing of its own and nothing left to take: not even worth formatting.
            if state.credit == 0 && budget.isExhausted {
                budget.countDrop()
                return
            }
            let before = state.lines.count
            fill(&state.lines)
            let added = state.lines.count - before
            if added <= state.credit {
                state.credit -= added
            } else if let grant = budget.take(added - state.credit) {
                state.credit += grant - added
            } else {
                state.lines.removeLast(added)
                budget.countDrop()
            }
        }
    }

    /// Appends the line `put` stores (at most `bound` bytes, from the address it is given; it
    /// returns the address after the line), or drops it (counted) like `append`. The line is
    /// stored into the buffer's scratch memory and added to `lines` in one copy: ~40 small
    /// array appends cost more than the whole line's formatting.
    func appendLine(_ budget: LogBudget, bound: Int, _ put: (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer) {
        state.withLock { state in
            if state.credit == 0 && budget.isExhausted {
                budget.countDrop()
                return
            }
            if state.scratchCapacity < bound {
                state.scratch?.deallocate()
                state.scratchCapacity = max(bound, 1024)
                state.scratch = UnsafeMutableRawPointer.allocate(byteCount: state.scratchCapacity, alignment: 16)
            }
            let start = state.scratch.unsafelyUnwrapped
            let added = put(start) - start
            if added <= state.credit {
                state.credit -= added
            } else if let grant = budget.take(added - state.credit) {
                state.credit += grant - added
            } else {
                budget.countDrop()
                return
            }
            state.lines.append(storedFrom: start, to: start + added)
        }
    }

    deinit {
        state.withLock { $0.scratch?.deallocate() }
    }

    /// The writer's swap: the lines go out (the buffer keeps `spare`'s emptied storage) and the
    /// unspent credit goes back to the budget, so no idle thread sits on credit.
    func swapOut(_ spare: inout [UInt8], _ budget: LogBudget) {
        let credit = state.withLock { state in
            swap(&state.lines, &spare)
            defer { state.credit = 0 }
            return state.credit
        }
        budget.give(credit)
    }

    var isEmpty: Bool { state.withLock { $0.lines.isEmpty } }

    /// Writes without the budget: before the writer starts and after it stops, one line at a time.
    func withLines<R>(_ body: (inout [UInt8]) -> R) -> R {
        state.withLock { body(&$0.lines) }
    }
}

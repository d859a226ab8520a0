import TesseraCore
import Glibc
import CTessera
import Synchronization

/// Where log lines go: stderr (or any descriptor). Until `start()` a line is written at once,
/// under a lock (commands, start-up). Once started, a thread formats each line into a buffer of
/// its own (`LogBuffer`: preallocated, reused, its lock only ever contended by the writer's swap)
/// and one writer thread swaps the buffers out every few milliseconds and writes them: an I/O
/// thread never waits on a file or a pipe. The lines waiting (in the buffers and being written)
/// never hold more than the budget (`logging.buffer`): when stderr cannot keep up, further lines
/// are dropped and counted, and once writing has caught up `reportDrops` is told how many (the
/// app logs one warning). A buffer that grew is freed once written, and its memory goes back to
/// the system. `stop()` writes what is left.
package final class LogSink: @unchecked Sendable {
    // @unchecked: `key` is set once by init; the buffers and the writer are `Locked`, `running` atomic.
    package let descriptor: Int32
    let budget = LogBudget()
    private let buffers = Locked<[LogBuffer]>([])
    /// The lines written before `start()` and after `stop()`, one at a time (the same
    /// ThreadSanitizer-visible lock as the threads' buffers).
    private let direct = LogBuffer(capacity: 4096)
    private let running = Atomic<Bool>(false)
    private let writer = Locked<pthread_t?>(nil)
    /// Where the writer waits between rounds; `stop` wakes it, and so does a line added while it
    /// sleeps until there are lines (`sleeping`).
    private let wake = MonotonicCondition()
    private let sleeping = Atomic<Bool>(false)
    private var key = pthread_key_t()
    static let bufferCapacity = 64 << 10
    /// The writer's wait after a round that wrote; each round that found nothing
    /// doubles it, up to `idleInterval`, and then it sleeps until a line comes: an idle writer
    /// (the access log off) woke 200 times a second, a system call each, which put Tessera's
    /// system calls per request above nginx's.
    static let interval: Duration = .milliseconds(5)
    static let idleInterval: Duration = .milliseconds(100)

    package init(descriptor: Int32 = 2) {
        self.descriptor = descriptor
        pthread_key_create(&key) { raw in
            guard let raw else { return }
            let buffer = Unmanaged<LogBuffer>.fromOpaque(raw).takeRetainedValue()
            buffer.orphaned.store(true, ordering: .releasing)
        }
    }

    package var isBuffered: Bool { running.load(ordering: .acquiring) }

    /// `logging.buffer`: the most bytes of lines that may wait for the descriptor.
    package var limit: Int {
        get { budget.limit }
        set { budget.setLimit(newValue) }
    }

    /// Lines dropped because the budget was spent (`tessera_log_lines_dropped_total`).
    package var droppedLines: UInt64 { budget.dropped.load(ordering: .relaxed) }

    /// Appends one line (or several): `fill` writes whole lines into the buffer it is given.
    package func write(_ fill: (inout [UInt8]) -> Void) {
        if running.load(ordering: .acquiring) {
            threadBuffer().append(budget, fill)
            lineAdded()
            return
        }
        direct.withLines { scratch in
            scratch.removeAll(keepingCapacity: true)
            fill(&scratch)
            Self.writeAll(descriptor, scratch)
        }
    }

    /// Appends one line that `put` stores with pointer stores: at most `bound` bytes from the
    /// address it is given, returning the address after the line (the access line).
    package func writeLine(bound: Int, _ put: (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer) {
        if running.load(ordering: .acquiring) {
            threadBuffer().appendLine(budget, bound: bound, put)
            lineAdded()
            return
        }
        let start = UnsafeMutableRawPointer.allocate(byteCount: bound, alignment: 16)
        defer { start.deallocate() }
        let line = UnsafeRawBufferPointer(start: start, count: put(start) - start)
        direct.withLines { scratch in
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: line)
            Self.writeAll(descriptor, scratch)
        }
    }

    /// Starts the writer thread; lines are buffered from now on. `reportDrops` is called on the
    /// writer thread with the number of lines dropped, once writing has caught up after a drop.
    package func start(reportDrops: @escaping @Sendable (UInt64) -> Void = { _ in }) {
        writer.withLock { thread in
            guard thread == nil else { return }
            // A buffer that grows past its preallocated size is mapped on its own, so that
            // freeing it gives the memory back to the system (see `tessera_map_large_blocks`).
            _ = tessera_map_large_blocks(2 * LogSink.bufferCapacity)
            running.store(true, ordering: .releasing)
            let sink = self
            // Read here, not on the new thread: lines dropped before it first runs are reported too.
            let alreadyReported = droppedLines
            let created = BackgroundThread.start {
                var spare: [UInt8] = []
                spare.reserveCapacity(LogSink.bufferCapacity)
                var reported = alreadyReported
                var pause = Duration.zero
                while sink.running.load(ordering: .acquiring) {
                    let wrote = sink.drain(&spare)
                    sink.reportDrops(since: &reported, reportDrops)
                    if wrote {
                        pause = .zero
                    } else if pause < LogSink.idleInterval {
                        pause = pause == .zero ? LogSink.interval : min(pause * 2, LogSink.idleInterval)
                        sink.pause(pause)
                    } else {
                        // Woken by a line, the next round writes it and the pause starts over.
                        sink.sleepUntilLines()
                    }
                }
                _ = sink.drain(&spare)
                sink.reportDrops(since: &reported, reportDrops)
                _ = sink.drain(&spare)
            }
            thread = created
        }
    }

    /// Stops the writer after it has written every buffered line; later lines are written at once.
    package func stop() {
        let thread: pthread_t? = writer.withLock { thread in
            defer { thread = nil }
            return thread
        }
        guard let thread else { return }
        running.store(false, ordering: .releasing)
        wake.withLock { wake.signal() }
        pthread_join(thread, nil)
        var spare: [UInt8] = []
        _ = drain(&spare)
    }

    /// Waits `span`, or until `stop` says to finish.
    private func pause(_ span: Duration) {
        wake.withLock {
            guard running.load(ordering: .acquiring) else { return }
            _ = wake.wait(until: .now() + span)
        }
    }

    /// Sleeps until a line is added (or `stop`). A thread adding a line sees `sleeping` and wakes
    /// the writer: the only system call a line costs its thread, once after each idle spell. No
    /// timeout: the fences below make a missed wake-up impossible, and a writer waking every
    /// second to find nothing was the one system call an idle Tessera made.
    private func sleepUntilLines() {
        wake.withLock {
            guard running.load(ordering: .acquiring) else { return }
            sleeping.store(true, ordering: .sequentiallyConsistent)
            atomicMemoryFence(ordering: .sequentiallyConsistent)
            // A line added before its thread could see `sleeping`: no sleep.
            if buffers.withLock({ $0.contains { !$0.isEmpty } }) {
                sleeping.store(false, ordering: .relaxed)
                return
            }
            wake.wait()
            sleeping.store(false, ordering: .relaxed)
        }
    }

    /// After a line was added: wakes the writer if it sleeps until there are lines. The fence
    /// orders the line before the read of `sleeping`, as the writer orders `sleeping` before its
    /// look at the buffers, so one of the two sees the other.
    @inline(__always)
    private func lineAdded() {
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        guard sleeping.load(ordering: .relaxed), sleeping.exchange(false, ordering: .relaxed) else { return }
        wake.withLock { wake.signal() }
    }

    /// Calls `report` with the lines dropped since `reported` once writing has caught up: the
    /// buffers were just written and at least half the budget is free again.
    private func reportDrops(since reported: inout UInt64, _ report: (UInt64) -> Void) {
        let dropped = droppedLines
        guard dropped > reported, budget.availableBytes >= budget.limit / 2 else { return }
        report(dropped - reported)
        reported = dropped
    }

    /// Writes out every buffer once, handing the bytes written back to the budget. Returns
    /// whether anything was written. A buffer that grew is freed once written.
    private func drain(_ spare: inout [UInt8]) -> Bool {
        var wrote = false
        let all = buffers.withLock { $0 }
        var orphans = false
        for buffer in all {
            let orphaned = buffer.orphaned.load(ordering: .acquiring)
            buffer.swapOut(&spare, budget)
            if !spare.isEmpty {
                Self.writeAll(descriptor, spare)
                budget.give(spare.count)
                wrote = true
            }
            if spare.capacity > 4 * Self.bufferCapacity {
                spare = []
                spare.reserveCapacity(Self.bufferCapacity)
            } else {
                spare.removeAll(keepingCapacity: true)
            }
            orphans = orphans || orphaned
        }
        if orphans {
            buffers.withLock { list in list.removeAll { $0.orphaned.load(ordering: .acquiring) && $0.isEmpty } }
        }
        return wrote
    }

    private func threadBuffer() -> LogBuffer {
        if let raw = pthread_getspecific(key) {
            return Unmanaged<LogBuffer>.fromOpaque(raw).takeUnretainedValue()
        }
        let buffer = LogBuffer(capacity: Self.bufferCapacity)
        buffers.withLock { $0.append(buffer) }
        pthread_setspecific(key, Unmanaged.passRetained(buffer).toOpaque())
        return buffer
    }
}

import TesseraCore
import Glibc
import Synchronization

/// Where log lines go: stderr (or any descriptor). Until `start()` a line is written at once,
/// under a lock (commands, start-up). Once started, a thread formats each line into a buffer of
/// its own (preallocated, reused; its lock is only ever contended by the writer's swap) and one
/// writer thread swaps the buffers out every few milliseconds and writes them: an I/O thread
/// never waits on a file or a pipe, and no line is dropped (a buffer grows while stderr is
/// slow). `stop()` writes what is left.
package final class LogSink: @unchecked Sendable {
    /// One thread's lines. Every lock here is a pthread mutex (`Locked`): ThreadSanitizer
    /// sees its lock and unlock, so the hand-over of the arrays between the threads and the writer
    /// is known to be ordered (with `Synchronization.Mutex`, whose futex calls it does not see, it
    /// reported them as races and aborted the process).
    final class Buffer: @unchecked Sendable {
        private let lines: Locked<[UInt8]>
        /// Its thread ended: drained once more, then forgotten.
        let orphaned = Atomic<Bool>(false)

        init(capacity: Int) {
            var empty: [UInt8] = []
            empty.reserveCapacity(capacity)
            lines = Locked(empty)
        }

        func withLock<R>(_ body: (inout [UInt8]) -> R) -> R {
            lines.withLock(body)
        }
    }

    package let descriptor: Int32
    private let buffers = Locked<[Buffer]>([])
    /// The lines written before `start()` and after `stop()`, one at a time (the same
    /// ThreadSanitizer-visible lock as the threads' buffers).
    private let direct = Buffer(capacity: 4096)
    private let running = Atomic<Bool>(false)
    private let writer = Locked<pthread_t?>(nil)
    private var key = pthread_key_t()
    static let bufferCapacity = 64 << 10
    static let interval: UInt32 = 5_000

    package init(descriptor: Int32 = 2) {
        self.descriptor = descriptor
        pthread_key_create(&key) { raw in
            guard let raw else { return }
            let buffer = Unmanaged<Buffer>.fromOpaque(raw).takeRetainedValue()
            buffer.orphaned.store(true, ordering: .releasing)
        }
    }

    package var isBuffered: Bool { running.load(ordering: .acquiring) }

    /// Appends one line (or several): `fill` writes whole lines into the buffer it is given.
    package func write(_ fill: (inout [UInt8]) -> Void) {
        if running.load(ordering: .acquiring) {
            threadBuffer().withLock { fill(&$0) }
            return
        }
        direct.withLock { scratch in
            scratch.removeAll(keepingCapacity: true)
            fill(&scratch)
            Self.writeAll(descriptor, scratch)
        }
    }

    /// Starts the writer thread; lines are buffered from now on.
    package func start() {
        writer.withLock { thread in
            guard thread == nil else { return }
            running.store(true, ordering: .releasing)
            let sink = self
            let created = BackgroundThread.start {
                var spare: [UInt8] = []
                spare.reserveCapacity(LogSink.bufferCapacity)
                while sink.running.load(ordering: .acquiring) {
                    if !sink.drain(&spare) { usleep(LogSink.interval) }
                }
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
        pthread_join(thread, nil)
        var spare: [UInt8] = []
        _ = drain(&spare)
    }

    /// Writes out every buffer once. Returns whether anything was written.
    private func drain(_ spare: inout [UInt8]) -> Bool {
        var wrote = false
        let all = buffers.withLock { $0 }
        var orphans = false
        for buffer in all {
            let orphaned = buffer.orphaned.load(ordering: .acquiring)
            buffer.withLock { swap(&$0, &spare) }
            if !spare.isEmpty {
                Self.writeAll(descriptor, spare)
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
            buffers.withLock { list in list.removeAll { $0.orphaned.load(ordering: .acquiring) && $0.withLock { $0.isEmpty } } }
        }
        return wrote
    }

    private func threadBuffer() -> Buffer {
        if let raw = pthread_getspecific(key) {
            return Unmanaged<Buffer>.fromOpaque(raw).takeUnretainedValue()
        }
        let buffer = Buffer(capacity: Self.bufferCapacity)
        buffers.withLock { $0.append(buffer) }
        pthread_setspecific(key, Unmanaged.passRetained(buffer).toOpaque())
        return buffer
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    usleep(1_000)  // a non-blocking stderr that is full: this is the writer thread, wait
                } else {
                    return  // stderr closed: nothing left to tell
                }
            }
        }
    }
}


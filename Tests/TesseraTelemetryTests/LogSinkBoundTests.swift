import Glibc
import Synchronization
import Testing
import TesseraTelemetry
import TesseraTesting

/// `logging.buffer`: while the descriptor is not read, the lines waiting never exceed the
/// budget; the rest are dropped, counted and reported once writing has caught up.
struct LogSinkBoundTests {
    static let lineLength = 1000

    static func line(_ thread: Int, _ index: Int) -> [UInt8] {
        let head = Array("thread=\(thread) line=\(index) ".utf8)
        return head + [UInt8](repeating: UInt8(ascii: "x"), count: lineLength - head.count - 1) + [0x0A]
    }

    @Test func linesBeyondTheBudgetAreDroppedCountedAndReportedOnceWritingCatchesUp() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let pipeCapacity = Int(fcntl(fds[1], 1032))  // F_GETPIPE_SZ, which Glibc does not export
        let sink = LogSink(descriptor: fds[1])
        sink.limit = 256 << 10
        let reports = Mutex<[UInt64]>([])
        sink.start { count in reports.withLock { $0.append(count) } }
        // Nobody reads yet: the writer blocks once the pipe is full.
        let threads = 4
        let perThread = 2500  // 10 MB of lines against a 256 KiB budget
        DispatchLikeGroup.run(threads) { thread in
            for index in 0..<perThread {
                let bytes = Self.line(thread, index)
                sink.write { $0.append(contentsOf: bytes) }
            }
        }
        let dropped = Int(sink.droppedLines)
        let kept = threads * perThread - dropped
        #expect(dropped > 0)
        #expect(kept * Self.lineLength <= sink.limit + pipeCapacity, "kept \(kept) lines: more than the budget and the pipe hold")
        #expect(reports.withLock { $0 }.isEmpty, "reported before writing caught up")

        let reader = Reader(fd: fds[0])
        reader.start()
        #expect(eventually(timeout: 10) { reports.withLock { $0 } == [UInt64(dropped)] }, "no report once the reader caught up")
        sink.stop()
        close(fds[1])
        let lines = reader.finish().split(separator: "\n")
        #expect(lines.count == kept, "every line that was not dropped arrives")
        #expect(lines.allSatisfy { $0.utf8.count == Self.lineLength - 1 }, "lines arrive whole")
        #expect(reports.withLock { $0 } == [UInt64(dropped)], "one report")
    }

    /// Once writing keeps up, nothing is dropped, however many lines pass through the budget.
    @Test func aReaderThatKeepsUpLosesNoLine() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let sink = LogSink(descriptor: fds[1])
        sink.limit = 256 << 10
        let reader = Reader(fd: fds[0])
        reader.start()
        sink.start()
        for index in 0..<3000 {
            let bytes = Self.line(0, index)
            sink.write { $0.append(contentsOf: bytes) }
            // 100 KB at a time, well under the budget, then wait for the reader to have it all.
            if index % 100 == 99 {
                #expect(eventually(timeout: 10, interval: 0.002) { reader.received.load(ordering: .acquiring) == (index + 1) * Self.lineLength })
            }
        }
        sink.stop()
        close(fds[1])
        #expect(sink.droppedLines == 0)
        #expect(reader.finish().split(separator: "\n").count == 3000)
    }
}

import Glibc
import Testing
import TesseraCore
import TesseraTelemetry

/// Lines stored with pointer stores (`LogSink.writeLine`, the access line) next to lines appended
/// to the buffer (`write`): the same escaping, whole lines, the budget's drops.
struct LogSinkLineTests {
    static let values: [[UInt8]] = [
        Array("plain".utf8), [], Array("a b".utf8), Array("k=v".utf8), Array("quote\" back\\".utf8),
        Array("line\nfeed\r\ttab\u{7}\u{7F}".utf8), [0x61, 0xFF, 0xC3, 0x28, 0xE2, 0x82], Array("caf\u{e9} \u{1F600}".utf8),
        [0xF4, 0x90, 0x80, 0x80, 0xED, 0xA0, 0x80, 0xE0, 0x80, 0x80],
    ]

    @Test(arguments: values)
    func storedValuesAreEscapedAsAppendedOnes(_ value: [UInt8]) {
        var appended: [UInt8] = []
        LogEscaping.logfmtValue(value, to: &appended)
        let bound = LogEscaping.logfmtBound(value.count)
        let start = UnsafeMutableRawPointer.allocate(byteCount: bound, alignment: 16)
        defer { start.deallocate() }
        let count = value.withUnsafeBytes { LogEscaping.puttingLogfmtValue($0, at: start) - start }
        #expect(count <= bound)
        #expect(Array(UnsafeRawBufferPointer(start: start, count: count)) == appended)
    }

    /// The eight-bytes-at-a-time check against logfmt's rule byte by byte: every byte value at
    /// every position of values of 1 to 20 bytes (inside words, in the overlapping last word, and
    /// in values too short for a word), the rest bare, is quoted exactly when it must be (a space
    /// or control byte, DEL, non-ASCII, `=`, `"`, `\`), and the stored bytes are the appended ones.
    @Test func everyByteAtEveryPlaceIsQuotedAsByteByByte() {
        let bound = LogEscaping.logfmtBound(20)
        let start = UnsafeMutableRawPointer.allocate(byteCount: bound, alignment: 16)
        defer { start.deallocate() }
        var mismatches = 0
        for length in 1...20 {
            for position in 0..<length {
                for byte in 0...255 {
                    var value = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    value[position] = UInt8(byte)
                    var appended: [UInt8] = []
                    LogEscaping.logfmtValue(value, to: &appended)
                    let count = value.withUnsafeBytes { LogEscaping.puttingLogfmtValue($0, at: start) - start }
                    let mustQuote = byte <= 0x20 || byte >= 0x7F || byte == 0x3D || byte == 0x22 || byte == 0x5C
                    let stored = Array(UnsafeRawBufferPointer(start: start, count: count))
                    if stored != appended || (stored.first == UInt8(ascii: "\"")) != mustQuote { mismatches += 1 }
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func storedTimestampsAreTheAppendedOnes() {
        let start = UnsafeMutableRawPointer.allocate(byteCount: 24, alignment: 16)
        defer { start.deallocate() }
        for nanos: UInt64 in [0, 951_782_400_999_000_000, 1_796_196_952_607_000_000, 1_796_196_953_000_000_000, 4_102_444_799_001_000_000] {
            var appended: [UInt8] = []
            WallClock.appendRFC3339(nanos, to: &appended)
            #expect(WallClock.puttingRFC3339(nanos, at: start) - start == 24)
            #expect(Array(UnsafeRawBufferPointer(start: start, count: 24)) == appended)
        }
    }

    /// Before `start`, through the writer thread from several threads, and after `stop`: every
    /// stored line arrives whole beside the appended ones.
    @Test func storedLinesArriveWholeBesideAppendedOnes() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let sink = LogSink(descriptor: fds[1])
        let reader = Reader(fd: fds[0])
        reader.start()
        sink.writeLine(bound: 16) { $0.putting("early=1\n") }
        sink.start()
        DispatchLikeGroup.run(3) { thread in
            for index in 0..<500 {
                sink.writeLine(bound: 64) { $0.putting("stored thread=").puttingDecimal(thread).putting(" line=").puttingDecimal(index).putting("\n") }
                sink.write { $0.append(contentsOf: "appended thread=\(thread) line=\(index)\n".utf8) }
            }
        }
        sink.stop()
        sink.writeLine(bound: 16) { $0.putting("late=1\n") }
        close(fds[1])
        let lines = reader.finish().split(separator: "\n")
        #expect(lines.first == "early=1")
        #expect(lines.last == "late=1")
        #expect(lines.filter { $0.hasPrefix("stored thread=") }.count == 1500)
        #expect(lines.filter { $0.hasPrefix("appended thread=") }.count == 1500)
        #expect(lines.count == 3002)
    }

    /// A stored line the budget has no room for is dropped and counted, never written in part.
    @Test func storedLinesBeyondTheBudgetAreDroppedAndCounted() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let sink = LogSink(descriptor: fds[1])
        sink.limit = 64 << 10
        sink.start()
        // Nobody reads yet: the writer blocks once the pipe is full, and the budget runs out.
        let total = 4000
        let line = Array(repeating: UInt8(ascii: "x"), count: 999) + [0x0A]
        for _ in 0..<total {
            line.withUnsafeBytes { bytes in sink.writeLine(bound: bytes.count) { $0.putting(bytes) } }
        }
        let dropped = Int(sink.droppedLines)
        #expect(dropped > 0)
        let reader = Reader(fd: fds[0])
        reader.start()
        sink.stop()
        close(fds[1])
        let lines = reader.finish().split(separator: "\n")
        #expect(lines.count + dropped == total)
        #expect(lines.allSatisfy { $0.utf8.count == 999 })
    }
}

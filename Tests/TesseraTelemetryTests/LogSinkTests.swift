import Glibc
import Synchronization
import Testing
import TesseraTelemetry

struct LogSinkTests {
    /// Many threads writing at once through the buffered writer: every line arrives whole.
    @Test func bufferedLinesFromManyThreadsAreAllWrittenWhole() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let sink = LogSink(descriptor: fds[1])
        sink.start()
        let threads = 4
        let perThread = 2000
        let reader = Reader(fd: fds[0])
        reader.start()
        DispatchLikeGroup.run(threads) { thread in
            for index in 0..<perThread {
                sink.write { out in
                    out.append(contentsOf: "thread=\(thread) line=\(index) \(String(repeating: "x", count: 100))\n".utf8)
                }
            }
        }
        sink.stop()
        close(fds[1])
        let text = reader.finish()
        let lines = text.split(separator: "\n")
        #expect(lines.count == threads * perThread)
        #expect(lines.allSatisfy { $0.hasPrefix("thread=") && $0.hasSuffix(String(repeating: "x", count: 100)) })
    }
}

/// Drains a pipe on a thread of its own so the writer never blocks on a full pipe.
final class Reader: @unchecked Sendable {
    // @unchecked: `bytes` is written by the reader thread and read after it is joined.
    let fd: Int32
    var bytes: [UInt8] = []
    var thread = pthread_t()
    /// Bytes read so far, for a test that waits until the reader has caught up.
    let received = Atomic<Int>(0)

    init(fd: Int32) { self.fd = fd }

    func start() {
        let box = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { raw in
            let reader = Unmanaged<Reader>.fromOpaque(raw!).takeRetainedValue()
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(reader.fd, &chunk, chunk.count)
                if n <= 0 { break }
                reader.bytes.append(contentsOf: chunk[0..<n])
                reader.received.add(n, ordering: .releasing)
            }
            return nil
        }, box)
    }

    func finish() -> String {
        pthread_join(thread, nil)
        close(fd)
        return String(decoding: bytes, as: UTF8.self)
    }
}

enum DispatchLikeGroup {
    final class Body: @unchecked Sendable {
        // @unchecked: immutable; handed to the one thread that runs it.
        let run: (Int) -> Void
        let index: Int
        init(_ run: @escaping (Int) -> Void, _ index: Int) { self.run = run; self.index = index }
    }

    static func run(_ count: Int, _ body: @escaping (Int) -> Void) {
        var threads: [pthread_t] = []
        for index in 0..<count {
            var thread = pthread_t()
            pthread_create(&thread, nil, { raw in
                let body = Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue()
                body.run(body.index)
                return nil
            }, Unmanaged.passRetained(Body(body, index)).toOpaque())
            threads.append(thread)
        }
        for thread in threads { pthread_join(thread, nil) }
    }
}

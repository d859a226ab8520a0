import Foundation
import Glibc
import TesseraTesting

/// A server's stderr as a named pipe that the test reads, and can stop reading: a stalled log
/// shipper or a blocking container log driver. Made before the server starts (the child's open
/// of the path then finds a reader and does not block); read on a thread of its own while not
/// paused. Resume before stopping the server: its last lines are written on the way out.
final class StderrFIFO: @unchecked Sendable {
    // @unchecked: `bytes` and `paused` are only touched under `lock`.
    let fd: Int32
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private var paused = false
    private var finished = false
    private var thread: Thread?

    init(at url: URL) throws {
        guard mkfifo(url.path, 0o600) == 0 else { throw HarnessError.unexpected("mkfifo: \(String(cString: strerror(errno)))") }
        fd = open(url.path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw HarnessError.unexpected("open fifo: \(String(cString: strerror(errno)))") }
        let thread = Thread { [unowned self] in self.run() }
        self.thread = thread
        thread.start()
    }

    func pause() { lock.withLock { paused = true } }
    func resume() { lock.withLock { paused = false } }

    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }

    private func run() {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let (stop, hold) = lock.withLock { (finished, paused) }
            if stop { return }
            if hold {
                usleep(10_000)
                continue
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            let n = read(fd, &chunk, chunk.count)
            if n > 0 {
                lock.withLock { bytes.append(contentsOf: chunk[0..<n]) }
            } else {
                usleep(10_000)  // no writer (yet, or any more)
            }
        }
    }

    /// Stops the reading thread (after a last look) and closes the pipe.
    func close() {
        lock.withLock { finished = true }
        while thread?.isFinished == false { usleep(5_000) }
        Glibc.close(fd)
    }
}

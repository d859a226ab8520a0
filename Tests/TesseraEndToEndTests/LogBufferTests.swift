import Foundation
import Testing
import TesseraTesting

/// `logging.buffer`: when stderr is not read, access lines wait in at most that much memory; the
/// rest are dropped, counted in `tessera_log_lines_dropped_total`, and reported in one warning
/// once writing catches up; the memory of lines that waited is given back.
@Suite(.serialized)
struct LogBufferTests {
    /// A 7 KB path: each access line is about that long.
    static let longPath = "/" + String(repeating: "p", count: 7000)

    /// Starts a server whose stderr is `fifo`, with `logging.buffer: buffer`.
    static func start(buffer: String) throws -> (TesseraProcess, StderrFIFO) {
        let setup = ServerSetup(sections: ["logging": ["buffer: \(buffer)"]])
        let directory = try TemporaryDirectory(prefix: "tessera-logbuffer")
        let fifo = try StderrFIFO(at: directory.file("stderr.log"))
        let config = directory.file("config.yaml")
        try Data(setup.yaml().utf8).write(to: config)
        let server = try TesseraProcess.start(arguments: ["serve", "--config", config.path, "--listen", "127.0.0.1:0"],
                                              directory: directory, setup: setup)
        return (server, fifo)
    }

    /// VmRSS of `pid` in bytes.
    static func rss(_ pid: pid_t) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// `count` requests for a 7 KB path that does not exist, pipelined 50 at a time.
    static func flood(_ server: TesseraProcess, count: Int) throws {
        let client = try RawClient(port: server.port)
        defer { client.close() }
        let request = TokenRequest.simple("GET", longPath)
        for _ in 0..<(count / 50) {
            try client.write(String(repeating: request, count: 50))
            #expect(try client.readResponses(50).allSatisfy { $0.status == 404 })
        }
    }

    static func metric(_ server: TesseraProcess, _ name: String) throws -> Int? {
        try server.get("/metrics").body.split(separator: "\n").first { $0.hasPrefix(name + " ") }
            .flatMap { Int($0.split(separator: " ").last ?? "") }
    }

    @Test func linesWaitingForAStalledStderrStayWithinTheBufferAndTheDropsAreReported() throws {
        let (server, fifo) = try Self.start(buffer: "1MiB")
        defer {
            fifo.resume()
            server.stop()
            fifo.close()
        }
        try Self.flood(server, count: 100)  // warm: connection buffers, allocator arenas (700 KB: within the buffer)
        #expect(eventually(timeout: 5) { fifo.text.components(separatedBy: " msg=request ").count > 100 })
        fifo.pause()
        let baseline = Self.rss(server.pid)
        try Self.flood(server, count: 2000)  // 14 MB of access lines against a 1 MiB buffer
        let grown = Self.rss(server.pid) - baseline
        // Under a sanitizer (TESSERA_TEST_SLOWDOWN > 1) resident memory says nothing of the sink:
        // AddressSanitizer keeps 16 MB of freed blocks in quarantine and ThreadSanitizer shadows
        // every allocation. The drops and their warning are checked there all the same.
        if TestTiming.slowdown == 1 {
            #expect(grown < (1 << 20) + (6 << 20), "RSS grew by \(grown >> 10) KiB with stderr stalled")
        }
        let dropped = try #require(try Self.metric(server, "tessera_log_lines_dropped_total"))
        #expect(dropped > 1500, "dropped \(dropped) of 2000 lines")

        fifo.resume()
        let warning = try NSRegularExpression(pattern: #"level=warning msg="log lines dropped" count=(\d+)"#)
        var reported = 0
        #expect(eventually(timeout: 10) {
            let text = fifo.text
            let counts = warning.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Range($0.range(at: 1), in: text).flatMap { Int(text[$0]) }
            }
            reported = counts.reduce(0, +)
            return counts.count == 1
        }, "no single warning once stderr was read again: \(fifo.text.suffix(500))")
        // The metric also counts the line of the /metrics request made while stderr was stalled.
        let counted = try Self.metric(server, "tessera_log_lines_dropped_total") ?? 0
        #expect(reported > dropped - 10 && reported == counted, "reported \(reported), counted \(dropped) then \(counted)")
    }

    /// A buffer that filled while stderr was stalled gives its memory back once it is written.
    /// Resident memory is the allocator's business: under a sanitizer (its own allocator, glibc's
    /// mmap threshold not in play) this says nothing, so it runs in the plain run only.
    @Test(.enabled(if: TestTiming.slowdown == 1, "resident memory under a sanitizer's allocator says nothing of the sink"))
    func memoryOfLinesThatWaitedIsGivenBack() throws {
        let (server, fifo) = try Self.start(buffer: "32MiB")
        defer {
            fifo.resume()
            server.stop()
            fifo.close()
        }
        try Self.flood(server, count: 200)
        #expect(eventually(timeout: 5) { fifo.text.components(separatedBy: " msg=request ").count > 200 })
        let baseline = Self.rss(server.pid)
        // Twice: after a first burst glibc would serve blocks of that size from a thread's heap
        // (it raises its mmap threshold on free), whose freed pages stayed resident: +32 MB.
        for round in 1...2 {
            fifo.pause()
            try Self.flood(server, count: 3000)  // 21 MB of lines: all of them wait
            let peak = Self.rss(server.pid) - baseline
            #expect(peak > 14 << 20, "round \(round): the lines did not wait in memory (RSS grew by \(peak >> 10) KiB)")
            fifo.resume()
            #expect(eventually(timeout: 10) { fifo.text.components(separatedBy: " msg=request ").count > 3000 * round + 100 })
            var settled = 0
            #expect(eventually(timeout: 10) {
                settled = Self.rss(server.pid) - baseline
                return settled < 8 << 20
            }, "round \(round): RSS stayed \(settled >> 10) KiB above its baseline after writing caught up (peak \(peak >> 10) KiB)")
        }
    }
}

import Glibc
import TesseraCore

/// Embedded mode's status log: `status.log` under `state.directory`, one line per event:
/// `e<TAB>epoch`, `n<TAB>next free index` (written, and synced, before any index of a block is
/// handed out, so a restart never hands one out twice), or `x<TAB>expires<TAB>entry`. Rewritten
/// with only the live lines when opened. Blocking: never call it on an I/O thread.
package final class FileStatusLog: StatusLogStore, @unchecked Sendable {
    // @unchecked: the descriptor and counters are only touched under `lock`.
    package let path: String
    private let lock = PthreadMutex()
    private var descriptor: Int32
    private var epoch: String
    private var next: Int64
    private var opened: [String]

    /// Opens (creating the directory and file when missing) and reads `status.log`.
    package init(directory: String, now: Int64) throws(StoreError) {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST { throw Self.failed("cannot create \(directory)") }
        path = RevocationJournal.path(in: directory, file: "status.log")
        var epoch = ""
        var next: Int64 = 0
        var live: [(Int64, String)] = []
        if let text = Self.read(path) {
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
                switch fields.first {
                case "e" where fields.count == 2: epoch = String(fields[1])
                case "n" where fields.count == 2: next = max(next, Int64(fields[1]) ?? next)
                case "x" where fields.count == 3:
                    if let expiresAt = Int64(fields[1]), expiresAt > now { live.append((expiresAt, String(fields[2]))) }
                default: continue  // a torn last line
                }
            }
        }
        if epoch.isEmpty { epoch = String(UInt64.random(in: 0...UInt64.max) & 0xFF_FFFF_FFFF, radix: 16) }
        self.epoch = epoch
        self.next = next
        opened = live.map(\.1)
        var compacted = "e\t\(epoch)\nn\t\(next)\n"
        for (expiresAt, entry) in live { compacted += "x\t\(expiresAt)\t\(entry)\n" }
        let temporary = path + ".tmp"
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.failed("cannot write \(temporary)") }
        let written = Self.write(fd, compacted)
        guard written, fdatasync(fd) == 0, rename(temporary, path) == 0 else {
            close(fd)
            throw Self.failed("cannot write \(path)")
        }
        descriptor = fd
        lseek(fd, 0, SEEK_END)
    }

    deinit { close(descriptor) }

    package func reserve(_ count: Int64) throws(StoreError) -> (epoch: String, start: Int64) {
        try lock.withLock { () throws(StoreError) -> (epoch: String, start: Int64) in
            let start = next
            try appendLine("n\t\(start + count)\n")
            next = start + count
            return (epoch, start)
        }
    }

    package func append(_ entry: String, expiresAt: Int64) throws(StoreError) {
        try lock.withLock { () throws(StoreError) in try appendLine("x\t\(expiresAt)\t\(entry)\n") }
    }

    /// What the file held when opened, once; this node is the only writer after that.
    package func read(after cursor: Int64, now: Int64) throws(StoreError) -> (entries: [String], cursor: Int64) {
        guard cursor == 0 else { return ([], cursor) }
        return (lock.withLock { opened }, 1)
    }

    private func appendLine(_ line: String) throws(StoreError) {
        guard Self.write(descriptor, line), fdatasync(descriptor) == 0 else { throw Self.failed("cannot append to \(path)") }
    }

    private static func write(_ fd: Int32, _ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            bytes = bytes.dropFirst(n)
        }
        return true
    }

    private static func read(_ path: String) -> String? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            out.append(contentsOf: buffer[..<n])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func failed(_ what: String) -> StoreError {
        .unavailable(tier: .state, reason: "\(what): \(String(cString: strerror(errno)))")
    }
}

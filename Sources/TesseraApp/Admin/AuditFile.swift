import Glibc
import TesseraJOSE
import TesseraStore

/// The audit trail without PostgreSQL: `audit.jsonl` under `state.directory`, one JSON object a
/// line, appended under an exclusive `flock` (the server and CLI commands may write at once), each
/// line written with one `write` on an `O_APPEND` descriptor and fsynced before the answer.
struct AuditFile: AuditStore {
    let path: String

    init(directory: String) {
        path = directory + "/audit.jsonl"
    }

    private func withLockedFile<R>(write: Bool, _ body: (Int32) throws(AdminError) -> R) throws(AdminError) -> R {
        if write { mkdir(String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]), 0o700) }
        let fd = open(path, write ? (O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC) : (O_RDONLY | O_CLOEXEC), 0o600)
        guard fd >= 0 else {
            if !write && errno == ENOENT { return try body(-1) }
            throw .unavailable("the audit file \(path) cannot be opened: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        flock(fd, write ? LOCK_EX : LOCK_SH)
        return try body(fd)
    }

    func append(_ entry: AuditEntry) throws(AdminError) -> Int64 {
        try withLockedFile(write: true) { fd throws(AdminError) in
            var record = entry
            record.id = (Self.lastID(fd) ?? Self.read(fd).last?.id ?? 0) + 1
            var line = Self.line(record)
            line.append(UInt8(ascii: "\n"))
            // After a torn write, the record starts a line of its own (the torn one stays unread).
            var last: UInt8 = 0x0A
            let size = lseek(fd, 0, SEEK_END)
            if size > 0, pread(fd, &last, 1, size - 1) == 1, last != 0x0A { line.insert(0x0A, at: 0) }
            let written = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard written == line.count, fsync(fd) == 0 else {
                throw .unavailable("the audit file \(path) could not be written: \(String(cString: strerror(errno)))")
            }
            return record.id
        }
    }

    func query(_ filter: AuditFilter) throws(AdminError) -> [AuditEntry] {
        try withLockedFile(write: false) { fd in
            Array(Self.read(fd).reversed().lazy.filter(filter.matches).prefix(filter.limit))
        }
    }

    /// Rewrites the file without the records older than the retention (the one change it sees).
    func purge(olderThanMillis: Int64) throws(AdminError) {
        try withLockedFile(write: true) { fd throws(AdminError) in
            let all = Self.read(fd)
            let kept = all.filter { $0.timestampMillis >= olderThanMillis }
            guard kept.count < all.count else { return }
            var bytes: [UInt8] = []
            for record in kept { bytes += Self.line(record) + [UInt8(ascii: "\n")] }
            let temporary = path + ".purge"
            let out = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard out >= 0 else { throw .unavailable("the audit file could not be purged") }
            let written = bytes.withUnsafeBytes { Glibc.write(out, $0.baseAddress, $0.count) }
            fsync(out)
            close(out)
            guard written == bytes.count, rename(temporary, path) == 0 else { throw .unavailable("the audit file could not be purged") }
        }
    }

    static func line(_ entry: AuditEntry) -> [UInt8] {
        var out: [UInt8] = []
        AuditTrail.json(entry).appendJSON(to: &out)
        return out
    }

    /// The id of the file's last record, read from its tail (a write does not read the whole
    /// file); nil when the tail holds no whole record (an empty file, a torn last line).
    static func lastID(_ fd: Int32) -> Int64? {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return size == 0 ? 0 : nil }
        let length = Int(min(size, 65_536))
        var tail = [UInt8](repeating: 0, count: length)
        let n = tail.withUnsafeMutableBytes { pread(fd, $0.baseAddress, length, size - off_t(length)) }
        guard n == length, tail.last == UInt8(ascii: "\n") else { return nil }
        let lines = tail.dropLast().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.count > 1 || length == Int(size), let last = lines.last else { return nil }
        let limits = JSONParser.Limits(maximumBytes: 1 << 20, maximumDepth: 32, maximumMembers: 4096)
        return (try? JSONValue.parse(Array(last), limits: limits)).flatMap(AuditTrail.entry)?.id
    }

    /// Every record of the file, oldest first; a line that does not parse (a torn write) is skipped.
    static func read(_ fd: Int32) -> [AuditEntry] {
        guard fd >= 0 else { return [] }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var offset: off_t = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            guard n > 0 else { break }
            bytes += chunk[0..<n]
            offset += off_t(n)
        }
        let limits = JSONParser.Limits(maximumBytes: 1 << 20, maximumDepth: 32, maximumMembers: 4096)
        return bytes.split(separator: UInt8(ascii: "\n")).compactMap { line in
            (try? JSONValue.parse(Array(line), limits: limits)).flatMap(AuditTrail.entry)
        }
    }
}

import TesseraCore
import Glibc

/// Embedded mode's durable records: one append-only file under `state.directory`,
/// `revocations.log` for revocations and cuts, `assertions.log` for used client assertion ids. A
/// line is `r<TAB>jti<TAB>exp<TAB>client<TAB>check`, `c<TAB>client<TAB>not_before<TAB>expires<TAB>check`
/// or `a<TAB>digest<TAB>exp<TAB>client<TAB>check` (the hex SHA-256 of a used assertion's client id
/// and jti), `check` an FNV-1a hash of the rest, so a torn or corrupt line is told apart from a
/// record.
///
/// `append` returns once the record is on disk (fdatasync). Appends are group-committed: callers
/// queue their line and wait; one writer thread writes everything queued and syncs once, so 64
/// concurrent revokers share a sync instead of paying one each. Blocking: never call it on an I/O
/// thread. The file is rewritten with only the live records when opened (which also drops a
/// corrupt or truncated tail, reported by `open`) and whenever it holds more than twice as many
/// records as are live.
package final class RevocationJournal: @unchecked Sendable {
    // @unchecked: the queue and counters are only touched with `condition` locked; the file by the one writer thread.
    package enum Record: Sendable, Equatable {
        case revocation(jwtID: String, clientID: String, expiresAt: Int64)
        case cut(clientID: String, notBefore: Int64, expiresAt: Int64)
        /// A client assertion accepted once: its id digest (hex), recorded until its `exp`.
        case usedAssertion(digest: String, clientID: String, expiresAt: Int64)

        package var expiresAt: Int64 {
            switch self {
            case .revocation(_, _, let expiresAt), .cut(_, _, let expiresAt), .usedAssertion(_, _, let expiresAt): expiresAt
            }
        }

        var key: String {
            switch self {
            case .revocation(let jwtID, _, _): "r" + jwtID
            case .cut(let clientID, _, _): "c" + clientID
            case .usedAssertion(let digest, _, _): "a" + digest
            }
        }
    }

    /// What `open` read: the live records, and a description of each line it skipped.
    package struct Contents: Sendable {
        package var records: [Record]
        package var skipped: [String]
    }

    package let path: String
    private let directory: String
    private var descriptor: Int32
    private let condition = MonotonicCondition()
    private var pending: [UInt8] = []
    private var queued: UInt64 = 0
    private var durable: UInt64 = 0
    /// Appends up to this sequence failed with `failure`.
    private var failedThrough: UInt64 = 0
    private var failure: StoreError?
    private var live: [String: Record] = [:]
    private var recordsInFile = 0
    private var prunedAt: Int64 = 0
    private var stopping = false
    private var thread: pthread_t?
    private let clock: @Sendable () -> Int64

    private init(directory: String, path: String, descriptor: Int32, clock: @escaping @Sendable () -> Int64) {
        self.directory = directory
        self.path = path
        self.descriptor = descriptor
        self.clock = clock
    }

    deinit {
        close(descriptor)
    }

    /// Opens (creating the directory and file when missing) and reads the journal `file`.
    package static func open(
        directory: String, file: String = "revocations.log", clock: @escaping @Sendable () -> Int64 = { Int64(time(nil)) }
    ) throws(StoreError) -> (RevocationJournal, Contents) {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw failed("cannot create \(directory)")
        }
        let path = path(in: directory, file: file)
        let now = clock()
        let contents = read(path: path, now: now)
        let journal = RevocationJournal(directory: directory, path: path, descriptor: -1, clock: clock)
        for record in contents.records { journal.live[record.key] = record }
        try journal.rewrite()
        journal.start()
        return (journal, contents)
    }

    /// The journal `file` under `directory` (the revocations' by default).
    package static func path(in directory: String, file: String = "revocations.log") -> String {
        directory.hasSuffix("/") ? directory + file : directory + "/" + file
    }

    /// The live records of the journal under `directory`, read without creating, rewriting or
    /// syncing anything (`token inspect`, beside a running node that owns the file); nil when there
    /// is no journal.
    package static func peek(directory: String, now: Int64) -> Contents? {
        let path = path(in: directory)
        guard access(path, F_OK) == 0 else { return nil }
        return read(path: path, now: now)
    }

    /// Queues a record and waits until it is on disk.
    package func append(_ record: Record) throws(StoreError) {
        let line = try Self.encode(record)
        let outcome: StoreError? = condition.withLock {
            // No writer after `stop`: waiting would never end.
            if stopping { return .unavailable(tier: .state, reason: "\(path) is closed") }
            pending += line
            queued += 1
            let mine = queued
            if let existing = live[record.key], existing.expiresAt > record.expiresAt {
                // keep the later expiry (a cut only ever grows)
            } else {
                live[record.key] = record
            }
            condition.broadcast()
            while durable < mine && failedThrough < mine { condition.wait() }
            return durable >= mine ? nil : failure
        }
        if let outcome { throw outcome }
    }

    /// Stops the writer once everything queued is written; stopping again does nothing.
    package func stop() {
        let thread: pthread_t? = condition.withLock {
            stopping = true
            condition.broadcast()
            defer { self.thread = nil }
            return self.thread
        }
        if let thread { pthread_join(thread, nil) }
    }

    private func start() {
        let thread = BackgroundThread.start { self.run() }
        condition.withLock { self.thread = thread }
    }

    /// The writer: takes everything queued, writes it and syncs once, wakes those it covered.
    private func run() {
        while true {
            let (batch, through, stop): ([UInt8], UInt64, Bool) = condition.withLock {
                while pending.isEmpty && !stopping { condition.wait() }
                let batch = pending
                pending = []
                return (batch, queued, stopping && batch.isEmpty)
            }
            if stop { return }
            var error: StoreError? = nil
            do throws(StoreError) {
                try write(batch)
                if fdatasync(descriptor) != 0 { throw Self.failed("cannot sync \(path)") }
            } catch let failed {
                error = failed
            }
            let lines = batch.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            let compact: Bool = condition.withLock {
                if let error {
                    failure = error
                    failedThrough = through
                } else {
                    durable = through
                    recordsInFile += lines
                }
                condition.broadcast()
                // Records expire without being replaced (used assertion ids): once a minute the
                // expired ones leave `live`, so a file of mostly expired lines is rewritten.
                let now = clock()
                if now >= prunedAt + 60 {
                    prunedAt = now
                    live = live.filter { $0.value.expiresAt > now }
                }
                return error == nil && recordsInFile > 1024 && recordsInFile > 2 * live.count
            }
            if compact { try? rewrite() }
        }
    }

    private func write(_ bytes: [UInt8]) throws(StoreError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failed("cannot write \(path)")
            }
            offset += written
        }
    }

    /// Writes the live records to a new file, syncs it, and renames it over the journal.
    private func rewrite() throws(StoreError) {
        let now = clock()
        let records: [Record] = condition.withLock {
            live = live.filter { $0.value.expiresAt > now }
            return Array(live.values)
        }
        var bytes: [UInt8] = []
        for record in records { bytes += (try? Self.encode(record)) ?? [] }
        let temporary = path + ".tmp"
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.failed("cannot create \(temporary)") }
        let previous = descriptor
        descriptor = fd
        do throws(StoreError) {
            try write(bytes)
            guard fsync(fd) == 0 else { throw Self.failed("cannot sync \(temporary)") }
            guard rename(temporary, path) == 0 else { throw Self.failed("cannot replace \(path)") }
        } catch {
            close(fd)
            descriptor = previous
            throw error
        }
        let dir = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
        _ = lseek(fd, 0, SEEK_END)
        if previous >= 0 { close(previous) }
        condition.withLock { recordsInFile = records.count }
    }

    static func encode(_ record: Record) throws(StoreError) -> [UInt8] {
        let body: String
        switch record {
        case .revocation(let jwtID, let clientID, let expiresAt): body = "r\t\(jwtID)\t\(expiresAt)\t\(clientID)"
        case .cut(let clientID, let notBefore, let expiresAt): body = "c\t\(clientID)\t\(notBefore)\t\(expiresAt)"
        case .usedAssertion(let digest, let clientID, let expiresAt): body = "a\t\(digest)\t\(expiresAt)\t\(clientID)"
        }
        guard !body.utf8.contains(0x0A), body.utf8.reduce(0, { $0 + ($1 == 0x09 ? 1 : 0) }) == 3 else {
            throw .server(tier: .state, code: "record", message: "a field holds a tab or a newline")
        }
        return Array("\(body)\t\(String(checksum(body.utf8), radix: 16))\n".utf8)
    }

    /// Parses one line (without its newline); nil when it is not an intact record.
    static func decode(_ line: Substring) -> Record? {
        guard let lastTab = line.lastIndex(of: "\t") else { return nil }
        let body = line[..<lastTab]
        guard String(checksum(body.utf8), radix: 16) == line[line.index(after: lastTab)...] else { return nil }
        let fields = body.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 4, let number = Int64(fields[2]) else { return nil }
        switch fields[0] {
        case "r": return Int64(fields[2]).map { .revocation(jwtID: String(fields[1]), clientID: String(fields[3]), expiresAt: $0) }
        case "c": return Int64(fields[3]).map { .cut(clientID: String(fields[1]), notBefore: number, expiresAt: $0) }
        case "a": return .usedAssertion(digest: String(fields[1]), clientID: String(fields[3]), expiresAt: number)
        default: return nil
        }
    }

    private static func read(path: String, now: Int64) -> Contents {
        var contents = Contents(records: [], skipped: [])
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return contents }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += chunk[0..<n]
        }
        var latest: [String: Record] = [:]
        var lineNumber = 0
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if raw.isEmpty { continue }
            guard let record = decode(Substring(String(decoding: raw, as: UTF8.self))) else {
                let torn = raw.endIndex == bytes.endIndex
                contents.skipped.append("line \(lineNumber): \(torn ? "truncated" : "corrupt") (\(raw.count) bytes)")
                continue
            }
            guard record.expiresAt > now else { continue }
            if let existing = latest[record.key], existing.expiresAt >= record.expiresAt { continue }
            latest[record.key] = record
        }
        contents.records = Array(latest.values)
        return contents
    }

    private static func checksum(_ bytes: String.UTF8View.SubSequence) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    private static func checksum(_ bytes: String.UTF8View) -> UInt64 {
        checksum(bytes[...])
    }

    private static func failed(_ what: String) -> StoreError {
        .unavailable(tier: .state, reason: "\(what): \(String(cString: strerror(errno)))")
    }
}

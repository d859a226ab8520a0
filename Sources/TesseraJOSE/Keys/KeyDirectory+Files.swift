#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension KeyDirectory {
    /// Creates `path` (and missing parents, like `mkdir -p`) with mode 0700.
    static func makeDirectory(_ path: String) throws(JOSEError) {
        if mkdir(path, 0o700) == 0 || errno == EEXIST { return }
        if errno == ENOENT, let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectory(String(path[..<slash]))
            if mkdir(path, 0o700) == 0 || errno == EEXIST { return }
        }
        throw .keyFile(path: path, reason: "cannot create directory: \(systemError())")
    }

    static func readFile(_ file: String) throws(JOSEError) -> [UInt8] {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .keyFile(path: file, reason: systemError()) }
        defer { close(fd) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .keyFile(path: file, reason: systemError())
            }
            if n == 0 { return contents }
            contents.append(contentsOf: chunk[0..<n])
            guard contents.count <= 64 * 1024 else { throw .keyFile(path: file, reason: "larger than 64 KiB") }
        }
    }

    /// Writes `bytes` to a 0600 temporary file in `directory`, fsyncs it, then links it to
    /// `file` (failing if `file` exists) and removes the temporary name.
    static func writeExclusive(_ bytes: [UInt8], to file: String, directory: String) throws(JOSEError) {
        let temporary = "\(file).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .keyFile(path: temporary, reason: systemError()) }
        var failure: String?
        if fchmod(fd, 0o600) != 0 { failure = systemError() }
        var written = 0
        while failure == nil && written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = systemError()
            } else {
                written += n
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = systemError() }
        close(fd)
        if let failure {
            unlink(temporary)
            throw .keyFile(path: temporary, reason: failure)
        }
        let linked = link(temporary, file)
        let linkError = linked == 0 ? nil : (errno == EEXIST ? "a key file with this activation time already exists" : systemError())
        unlink(temporary)
        if let linkError { throw .keyFile(path: file, reason: linkError) }
        // Make the new directory entry durable.
        let dirFD = open(directory, O_RDONLY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }
}

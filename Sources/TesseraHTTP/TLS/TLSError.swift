import COpenSSL

/// A TLS context that could not be built: which file, and OpenSSL's reason. The running server
/// keeps its old context when a reload fails with one of these.
package struct TLSError: Error, Equatable, CustomStringConvertible {
    /// The file at fault (`server.tls.certificate`'s path, ...); nil when none is.
    package var file: String?
    package var message: String

    package init(file: String?, message: String) {
        self.file = file
        self.message = message
    }

    package var description: String {
        guard let file else { return message }
        return "\(file): \(message)"
    }

    /// `message`, followed by what OpenSSL's error queue of this thread holds (which it empties).
    static func openSSL(file: String?, _ message: String) -> TLSError {
        let reasons = OpenSSLErrorQueue.drain()
        return TLSError(file: file, message: reasons.isEmpty ? message : "\(message): \(reasons)")
    }
}

/// The calling thread's OpenSSL error queue.
enum OpenSSLErrorQueue {
    /// Every queued error as `library: reason`, joined with `; `, oldest first; the queue is left empty.
    static func drain() -> String {
        var parts: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            let library = ERR_lib_error_string(code).map { String(cString: $0) }
            let reason = ERR_reason_error_string(code).map { String(cString: $0) } ?? "error \(code)"
            let part = library.map { "\($0): \(reason)" } ?? reason
            if !parts.contains(part) { parts.append(part) }
        }
        return parts.joined(separator: "; ")
    }
}

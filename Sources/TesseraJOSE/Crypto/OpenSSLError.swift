import COpenSSL

/// Reads (and empties) the calling thread's OpenSSL error queue.
enum OpenSSLError {
    /// All queued reasons joined by "; ", or "unknown error" when the queue is empty.
    static func drain() -> String {
        var reasons: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            buffer.withUnsafeMutableBufferPointer { ptr in
                ERR_error_string_n(code, ptr.baseAddress, ptr.count)
            }
            reasons.append(String(cString: buffer))
        }
        return reasons.isEmpty ? "unknown error" : reasons.joined(separator: "; ")
    }

    /// A `JOSEError.openSSL` for `operation` carrying the drained queue.
    static func error(_ operation: String) -> JOSEError {
        .openSSL(operation: operation, reason: drain())
    }

    /// Forgets queued errors after a failure that is an expected answer (a bad signature).
    static func clear() {
        ERR_clear_error()
    }
}

import Glibc

extension LogSink {
    /// Writes all of `bytes` to `fd`, waiting as long as that takes: only the writer thread, and
    /// the unbuffered lines before `start()`, come here.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    usleep(1_000)  // a non-blocking stderr that is full: this is the writer thread, wait
                } else {
                    return  // stderr closed: nothing left to tell
                }
            }
        }
    }
}

import Glibc

/// The connection's bytes in and out: the only system calls on a connection's descriptor besides
/// `accept` and `close`. A TLS transport replaces these two (SSL_read / SSL_write on the same
/// buffers) and reports WANT_READ / WANT_WRITE as events of the state machine.
extension EventLoop {
    /// Reads once (retrying EINTR) into the free space of the read buffer.
    func receive(_ connection: Connection) -> ConnectionStateMachine.Event {
        if let tls = connection.tls { return receiveTLS(connection, tls) }
        guard connection.reserveSpace(limit: limits.maxBufferBytes) else { return .wouldBlock }
        let space = connection.capacity - connection.count
        while true {
            let n = read(connection.fd, connection.input! + connection.count, space)
            if n > 0 {
                connection.count += n
                return .received(short: n < space)
            }
            if n == 0 { return .endOfInput }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK ? .wouldBlock : .readFailed
        }
    }

    /// Writes as much pending output as the socket takes. On failure the output is dropped.
    func transmit(_ connection: Connection) -> ConnectionStateMachine.Event {
        if let tls = connection.tls { return transmitTLS(connection, tls) }
        while connection.hasPendingOutput {
            let n = connection.output.withUnsafeBytes { raw in
                send(connection.fd, raw.baseAddress! + connection.sent, raw.count - connection.sent, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                connection.sent += n
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return .flushed
            } else {
                connection.output.removeAll()
                connection.sent = 0
                return .writeFailed
            }
        }
        connection.releaseOutputIfSent()
        return .flushed
    }
}

/// The TLS side of a connection's I/O: the handshake, and SSL_read / SSL_write in place of
/// read / send, reporting OpenSSL's WANT_READ / WANT_WRITE as the state machine's events.
extension EventLoop {
    func handshake(_ connection: Connection) -> ConnectionStateMachine.Event {
        guard let tls = connection.tls else { return .handshakeDone }
        switch tls.handshake() {
        case .complete: return .handshakeDone
        case .wantRead, .wantWrite: return .handshakePending
        case .closed, .failed: return .handshakeFailed
        }
    }

    /// One SSL_read into the free space of the read buffer. A read that filled less than the
    /// space is never reported short: OpenSSL returns one record at a time and more may wait in
    /// the socket, which edge-triggered epoll would not announce again, so reading goes on until
    /// WANT_READ.
    func receiveTLS(_ connection: Connection, _ tls: TLSConnection) -> ConnectionStateMachine.Event {
        guard connection.reserveSpace(limit: limits.maxBufferBytes) else { return .wouldBlock }
        let space = connection.capacity - connection.count
        switch tls.read(into: connection.input! + connection.count, count: space) {
        case .complete(let n):
            connection.count += n
            return .received(short: false)
        case .wantRead, .wantWrite:
            return .wouldBlock
        case .closed:
            return .endOfInput
        case .failed:
            return .readFailed
        }
    }

    /// Writes pending output through SSL_write until it is all taken or OpenSSL must wait.
    func transmitTLS(_ connection: Connection, _ tls: TLSConnection) -> ConnectionStateMachine.Event {
        while connection.hasPendingOutput {
            let result = connection.output.withUnsafeBytes { raw in
                tls.write(raw.baseAddress! + connection.sent, count: raw.count - connection.sent)
            }
            switch result {
            case .complete(let n):
                connection.sent += n
            case .wantRead, .wantWrite:
                return .flushed
            case .closed, .failed:
                connection.output.removeAll()
                connection.sent = 0
                return .writeFailed
            }
        }
        connection.releaseOutputIfSent()
        return .flushed
    }
}

import COpenSSL
import Glibc

/// The TLS side of one non-blocking socket: handshake, read and write through OpenSSL, each
/// returning instead of blocking (`TLSIOResult.wantRead` / `.wantWrite` say which readiness to
/// wait for). Owned by the I/O thread of its connection; never shared.
package final class TLSConnection {
    let ssl: OpaquePointer
    /// Keeps the context (and its ticket keys) alive as long as this connection uses them, even
    /// after a reload replaced it for new connections.
    package let context: TLSContext
    /// A fatal error happened: no close_notify may be sent.
    private var broken = false
    package private(set) var handshakeComplete = false
    private var certificateRead = false
    private var certificate: TLSClientCertificate?

    /// Wraps the accepted socket `fd` (which stays owned by the caller). Nil when OpenSSL cannot
    /// allocate a session.
    package init?(context: TLSContext, fd: Int32) {
        guard let ssl = SSL_new(context.context) else {
            ERR_clear_error()
            return nil
        }
        guard SSL_set_fd(ssl, fd) == 1 else {
            SSL_free(ssl)
            ERR_clear_error()
            return nil
        }
        SSL_set_accept_state(ssl)
        self.ssl = ssl
        self.context = context
    }

    deinit {
        SSL_free(ssl)
    }

    /// Advances the server handshake as far as the socket allows.
    package func handshake() -> TLSIOResult {
        ERR_clear_error()
        errno = 0
        let rc = SSL_do_handshake(ssl)
        if rc == 1 {
            handshakeComplete = true
            return .complete(0)
        }
        return outcome(rc)
    }

    /// Reads decrypted bytes into `buffer` (at most `count`).
    package func read(into buffer: UnsafeMutableRawPointer, count: Int) -> TLSIOResult {
        ERR_clear_error()
        errno = 0
        let rc = SSL_read(ssl, buffer, Int32(clamping: count))
        return rc > 0 ? .complete(Int(rc)) : outcome(rc)
    }

    /// Encrypts and sends up to `count` bytes (partial writes are enabled); when it returns
    /// `.wantRead`/`.wantWrite`, the retry must pass the same bytes again.
    package func write(_ bytes: UnsafeRawPointer, count: Int) -> TLSIOResult {
        ERR_clear_error()
        errno = 0
        let rc = SSL_write(ssl, bytes, Int32(clamping: count))
        return rc > 0 ? .complete(Int(rc)) : outcome(rc)
    }

    /// Sends close_notify once, without waiting for the peer's (the socket closes right after).
    package func shutdown() {
        guard handshakeComplete, !broken else { return }
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
        broken = true
    }

    /// Decrypted bytes OpenSSL already holds: with edge-triggered epoll no event announces them.
    package var pendingBytes: Int { Int(SSL_pending(ssl)) }

    /// The client's certificate, read once per connection after the handshake; nil when the
    /// client sent none or none was asked for.
    package var clientCertificate: TLSClientCertificate? {
        guard handshakeComplete else { return nil }
        if !certificateRead {
            certificateRead = true
            if let peer = SSL_get0_peer_certificate(ssl) {
                certificate = TLSClientCertificate(x509: peer, verifyResult: SSL_get_verify_result(ssl), source: .handshake)
            }
        }
        return certificate
    }

    /// The ALPN protocol agreed (`http/1.1`), nil when the client offered none.
    package var negotiatedProtocol: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// `TLSv1.2` or `TLSv1.3`.
    package var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// The handshake resumed a session (from a ticket).
    package var sessionReused: Bool { SSL_session_reused(ssl) == 1 }

    private func outcome(_ rc: Int32) -> TLSIOResult {
        let code = SSL_get_error(ssl, rc)
        switch code {
        case SSL_ERROR_WANT_READ:
            return .wantRead
        case SSL_ERROR_WANT_WRITE:
            return .wantWrite
        case SSL_ERROR_ZERO_RETURN:
            return .closed
        case SSL_ERROR_SYSCALL:
            let socketErrno = errno
            broken = true
            let queued = OpenSSLErrorQueue.drain()
            if !queued.isEmpty { return .failed(reason: queued) }
            // No OpenSSL error and no errno: the peer closed the TCP connection.
            return socketErrno == 0 ? .closed : .failed(reason: Socket.describe(errno: socketErrno))
        default:
            broken = true
            let queued = OpenSSLErrorQueue.drain()
            return .failed(reason: queued.isEmpty ? "TLS error \(code)" : queued)
        }
    }
}

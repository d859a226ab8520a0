/// The outcome of one non-blocking TLS step (handshake, read, write).
package enum TLSIOResult: Equatable {
    /// Done: the handshake finished, or so many bytes were read or written.
    case complete(Int)
    /// OpenSSL needs the socket readable before trying again (for a write too: a TLS 1.3 key
    /// update or post-handshake message may be pending).
    case wantRead
    /// OpenSSL needs the socket writable before trying again (for a read too).
    case wantWrite
    /// The peer closed (close_notify, or an EOF, which OpenSSL is told to accept as a close).
    case closed
    /// A fatal protocol or socket error; the connection must be closed without a TLS shutdown.
    case failed(reason: String)
}

import COpenSSL
import Glibc
@testable import TesseraHTTP

/// An in-process OpenSSL client on one end of a non-blocking socket pair, the server's
/// `TLSConnection` on the other: tests step both handshakes in turn, without threads or sleeps.
final class TestTLSClient {
    struct Options {
        var minVersion: Int32 = TLS1_2_VERSION
        var maxVersion: Int32 = TLS1_3_VERSION
        var alpn: [String] = ["http/1.1"]
        var certificate: String?
        var key: String?
        /// Trust anchor for the server's certificate; nil = no verification.
        var caFile: String?
        /// A session from an earlier connection, to resume.
        var session: OpaquePointer?
    }

    let context: OpaquePointer
    let ssl: OpaquePointer
    let fd: Int32
    private(set) var connected = false

    init(fd: Int32, _ options: Options = Options()) throws {
        self.fd = fd
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw TestTLSError("SSL_CTX_new") }
        self.context = context
        guard tessera_tls_ctx_set_proto_versions(context, options.minVersion, options.maxVersion) == 1 else { throw TestTLSError("versions") }
        if let certificate = options.certificate, let key = options.key {
            guard SSL_CTX_use_certificate_chain_file(context, certificate) == 1,
                  SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1 else { throw TestTLSError("client certificate") }
        }
        if let caFile = options.caFile {
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else { throw TestTLSError("CA file") }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        }
        guard let ssl = SSL_new(context) else { throw TestTLSError("SSL_new") }
        self.ssl = ssl
        SSL_set_fd(ssl, fd)
        _ = tessera_tls_set_host_name(ssl, "localhost")
        if !options.alpn.isEmpty {
            var wire: [UInt8] = []
            for name in options.alpn { wire.append(UInt8(name.utf8.count)); wire += Array(name.utf8) }
            _ = SSL_set_alpn_protos(ssl, wire, UInt32(wire.count))
        }
        if let session = options.session { SSL_set_session(ssl, session) }
        SSL_set_connect_state(ssl)
    }

    deinit {
        // Marked as shut down: OpenSSL makes the session of a connection freed without a
        // shutdown unresumable, and the resumption tests reuse it after this client is gone.
        SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN)
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    /// One step of the client handshake: true when done; throws on failure.
    func step() throws -> Bool {
        if connected { return true }
        ERR_clear_error()
        let rc = SSL_do_handshake(ssl)
        if rc == 1 {
            connected = true
            return true
        }
        let code = SSL_get_error(ssl, rc)
        if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE { return false }
        throw TestTLSError("client handshake: \(OpenSSLErrorQueue.drain())")
    }

    func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard SSL_write(ssl, bytes, Int32(bytes.count)) == Int32(bytes.count) else { throw TestTLSError("client write") }
    }

    /// Reads what is there (processing post-handshake messages such as session tickets).
    func readAvailable() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 16384)
        var out: [UInt8] = []
        while true {
            let n = SSL_read(ssl, &buffer, Int32(buffer.count))
            if n <= 0 { ERR_clear_error(); return out }
            out += buffer[0..<Int(n)]
        }
    }

    /// The session to resume later (retained; the caller frees it with SSL_SESSION_free).
    var session: OpaquePointer? { SSL_get1_session(ssl) }

    var sessionReused: Bool { SSL_session_reused(ssl) == 1 }

    /// The server certificate's subject, one line.
    var serverSubject: String {
        guard let cert = SSL_get0_peer_certificate(ssl), let name = X509_get_subject_name(cert),
              let text = X509_NAME_oneline(name, nil, 0) else { return "" }
        defer { CRYPTO_free(text, #file, #line) }
        return String(cString: text)
    }
}

struct TestTLSError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A connected, non-blocking Unix socket pair; both ends closed on deinit.
final class SocketPair {
    let server: Int32
    let client: Int32

    init() {
        var fds: [Int32] = [0, 0]
        precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        server = fds[0]
        client = fds[1]
    }

    deinit {
        close(server)
        close(client)
    }
}

/// A server and a client connection over one socket pair, with the handshake pumped to its end.
final class TLSPair {
    let sockets = SocketPair()
    let server: TLSConnection
    let client: TestTLSClient
    /// What the server's last handshake step returned.
    private(set) var serverResult: TLSIOResult = .wantRead

    init(context: TLSContext, _ options: TestTLSClient.Options = .init()) throws {
        guard let server = TLSConnection(context: context, fd: sockets.server) else { throw TestTLSError("TLSConnection") }
        self.server = server
        client = try TestTLSClient(fd: sockets.client, options)
    }

    /// Steps both sides until both finish; throws when either fails (the server's reason first).
    func handshake() throws {
        for _ in 0..<64 {
            if !server.handshakeComplete {
                serverResult = server.handshake()
                if case .failed(let reason) = serverResult { throw TestTLSError("server handshake: \(reason)") }
            }
            let clientDone = try client.step()
            if clientDone && server.handshakeComplete { return }
        }
        throw TestTLSError("handshake did not finish")
    }

    /// The server sends `text`; the client reads it (and any session tickets before it).
    func serverSays(_ text: String) throws -> String {
        let bytes = Array(text.utf8)
        guard server.write(bytes, count: bytes.count) == .complete(bytes.count) else { throw TestTLSError("server write") }
        return String(decoding: client.readAvailable(), as: UTF8.self)
    }

    /// The client sends `text`; the server reads what arrived.
    func clientSays(_ text: String) throws -> TLSIOResult {
        try client.write(text)
        var buffer = [UInt8](repeating: 0, count: 4096)
        return buffer.withUnsafeMutableBytes { server.read(into: $0.baseAddress!, count: $0.count) }
    }
}

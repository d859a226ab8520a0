import COpenSSL
import Glibc
import Testing
@testable import TesseraHTTP
import TesseraTesting

/// Handshakes between `TLSConnection` and an OpenSSL client over a non-blocking socket pair.
struct TLSHandshakeTests {
    static func context(minVersion: TLSSettings.MinimumVersion = .tls12, clientCA: Bool = false) throws -> TLSContext {
        let certs = try TestCertificates.get()
        return try TLSContext(settings: TLSSettings(
            certificatePath: certs.serverCertificate, privateKeyPath: certs.serverKey,
            clientCAPath: clientCA ? certs.caCertificate : nil, minVersion: minVersion))
    }

    @Test(arguments: [(TLS1_2_VERSION, "TLSv1.2"), (TLS1_3_VERSION, "TLSv1.3")])
    func handshakeCompletesWithAVerifiedServerCertificate(maxVersion: Int32, expected: String) throws {
        let certs = try TestCertificates.get()
        let pair = try TLSPair(context: try Self.context(), .init(maxVersion: maxVersion, caFile: certs.caCertificate))
        try pair.handshake()
        #expect(pair.server.protocolVersion == expected)
        #expect(pair.server.negotiatedProtocol == "http/1.1")
        #expect(try pair.clientSays("GET / HTTP/1.1\r\n\r\n") == .complete(18))
        #expect(try pair.serverSays("HTTP/1.1 200 OK\r\n") == "HTTP/1.1 200 OK\r\n")
    }

    @Test func alpnPicksHTTP11AmongOthers() throws {
        let pair = try TLSPair(context: try Self.context(), .init(alpn: ["h2", "http/1.1"]))
        try pair.handshake()
        #expect(pair.server.negotiatedProtocol == "http/1.1")
    }

    @Test func clientWithoutALPNIsServed() throws {
        let pair = try TLSPair(context: try Self.context(), .init(alpn: []))
        try pair.handshake()
        #expect(pair.server.negotiatedProtocol == nil)
    }

    @Test func clientOfferingOnlyH2GetsNoApplicationProtocol() throws {
        let pair = try TLSPair(context: try Self.context(), .init(alpn: ["h2"]))
        #expect(throws: TestTLSError.self) { try pair.handshake() }
        guard case .failed(let reason) = pair.serverResult else { Issue.record("server result \(pair.serverResult)"); return }
        #expect(reason.contains("application protocol"))
    }

    @Test func minimumVersion13RefusesATLS12Client() throws {
        let pair = try TLSPair(context: try Self.context(minVersion: .tls13), .init(maxVersion: TLS1_2_VERSION))
        #expect(throws: TestTLSError.self) { try pair.handshake() }
        guard case .failed(let reason) = pair.serverResult else { Issue.record("server result \(pair.serverResult)"); return }
        #expect(reason.contains("protocol"))
        let modern = try TLSPair(context: try Self.context(minVersion: .tls13))
        try modern.handshake()
        #expect(modern.server.protocolVersion == "TLSv1.3")
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "\u{16}\u{03}\u{01}\u{00}\u{05}hello",
        String(repeating: "\u{0}", count: 600),
    ])
    func garbageInsteadOfAClientHelloFailsTheHandshake(garbage: String) throws {
        let sockets = SocketPair()
        let server = try #require(TLSConnection(context: try Self.context(), fd: sockets.server))
        let bytes = Array(garbage.utf8)
        #expect(Glibc.write(sockets.client, bytes, bytes.count) == bytes.count)
        var result = server.handshake()
        for _ in 0..<4 where result == .wantRead { result = server.handshake() }
        guard case .failed = result else { Issue.record("handshake on garbage: \(result)"); return }
        server.shutdown() // no close_notify after a fatal error, and no crash
    }

    @Test func halfAHandshakeWaitsForMoreInsteadOfBlocking() throws {
        let sockets = SocketPair()
        let server = try #require(TLSConnection(context: try Self.context(), fd: sockets.server))
        #expect(server.handshake() == .wantRead)
        let partial: [UInt8] = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01]
        #expect(Glibc.write(sockets.client, partial, partial.count) == partial.count)
        #expect(server.handshake() == .wantRead)
    }

    @Test func readWithNothingToReadWantsRead() throws {
        let pair = try TLSPair(context: try Self.context())
        try pair.handshake()
        _ = try pair.serverSays("x")
        var buffer = [UInt8](repeating: 0, count: 64)
        #expect(buffer.withUnsafeMutableBytes { pair.server.read(into: $0.baseAddress!, count: 64) } == .wantRead)
    }

    @Test func peerCloseNotifyReadsAsClosed() throws {
        let pair = try TLSPair(context: try Self.context())
        try pair.handshake()
        _ = SSL_shutdown(pair.client.ssl)
        var buffer = [UInt8](repeating: 0, count: 64)
        #expect(buffer.withUnsafeMutableBytes { pair.server.read(into: $0.baseAddress!, count: 64) } == .closed)
    }

    @Test func tcpCloseWithoutCloseNotifyReadsAsClosed() throws {
        let sockets = SocketPair()
        let server = try #require(TLSConnection(context: try Self.context(), fd: sockets.server))
        Glibc.shutdown(sockets.client, Int32(SHUT_WR))
        #expect(server.handshake() == .closed)
    }
}

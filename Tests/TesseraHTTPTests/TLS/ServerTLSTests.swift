import COpenSSL
import Foundation
import Glibc
import Testing
@testable import TesseraHTTP
import TesseraTesting

/// The HTTP server on a TLS listener, with real TCP connections.
@Suite struct ServerTLSTests {
    @Test func requestsAreServedOverTLSWithKeepAlive() throws {
        try withTLSServer { port, _, _ in
            let client = try TLSSocketClient(port: port)
            for _ in 0..<3 {
                let response = try client.get("/")
                #expect(response.status == 200)
                #expect(response.body == "none")
            }
            let big = try client.get("/big/200000")
            #expect(big.status == 200 && big.body.utf8.count == 200_000)
            #expect(try client.get("/").status == 200)
        }
    }

    @Test func pipelinedRequestsInOneRecordAreAllAnswered() throws {
        try withTLSServer { port, _, _ in
            let client = try TLSSocketClient(port: port)
            try client.tls.write("GET /a HTTP/1.1\r\nHost: t\r\n\r\nGET /big/5 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().body == "none")
            #expect(try client.readResponse().body == "bbbbb")
        }
    }

    @Test(arguments: [
        ("client.pem", "client.key", "verified=true error=0 source=handshake"),
        ("self.pem", "self.key", "verified=false error=18 source=handshake"),
        ("expired.pem", "expired.key", "verified=false error=10 source=handshake"),
    ])
    func requestSeesTheHandshakesClientCertificate(certificate: String, key: String, expected: String) throws {
        let certs = try TestCertificates.get()
        try withTLSServer(clientCA: true) { port, _, _ in
            let client = try TLSSocketClient(port: port, .init(certificate: certs.path(certificate), key: certs.path(key)))
            let response = try client.get("/")
            #expect(response.body.hasPrefix(expected), "\(response.body)")
            #expect(response.body.hasSuffix("der=\(try certs.der(certs.path(certificate)).count)"))
        }
    }

    @Test func clientCertHeaderFromAnUntrustedPeerIsIgnored() throws {
        let certs = try TestCertificates.get()
        let header = "Client-Cert: " + ClientCertHeaderTests.header(try certs.der(certs.clientCertificate))
        try withTLSServer(clientCA: true, trustedProxies: ["10.0.0.0/8"]) { port, _, _ in
            let client = try TLSSocketClient(port: port)
            #expect(try client.get("/", headers: [header]).body == "none")
            #expect(try client.get("/", headers: ["Client-Cert: garbage"]).status == 200)
        }
    }

    @Test func clientCertHeaderFromATrustedProxyIsTheClientsCertificate() throws {
        let certs = try TestCertificates.get()
        let der = try certs.der(certs.clientCertificate)
        let header = "Client-Cert: " + ClientCertHeaderTests.header(der)
        try withTLSServer(clientCA: true, trustedProxies: ["127.0.0.0/8"]) { port, _, _ in
            // The proxy's own certificate is not the client's.
            let proxy = try TLSSocketClient(port: port, .init(certificate: certs.selfSignedCertificate, key: certs.selfSignedKey))
            #expect(try proxy.get("/").body == "none")
            #expect(try proxy.get("/", headers: [header]).body == "verified=true error=0 source=clientCertHeader der=\(der.count)")
            #expect(try proxy.get("/", headers: ["Client-Cert: :aGVsbG8=:"]).status == 400)
        }
    }

    @Test func repeatedClientCertHeaderFromATrustedProxyIsA400() throws {
        let certs = try TestCertificates.get()
        let header = "Client-Cert: " + ClientCertHeaderTests.header(try certs.der(certs.clientCertificate))
        try withTLSServer(trustedProxies: ["127.0.0.1"]) { port, _, _ in
            let proxy = try TLSSocketClient(port: port)
            #expect(try proxy.get("/", headers: [header, header]).status == 400)
        }
    }

    @Test func plainHTTPToTheTLSPortIsClosedAndOthersAreServed() throws {
        try withTLSServer { port, server, _ in
            let plain = try RawClient.strict(port: port)
            try plain.write("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            let ending = plain.awaitClose()
            if case .data(let bytes) = ending {
                // At most a TLS alert record (content type 21), never an HTTP response.
                #expect(bytes.first == 21, "got \(bytes.prefix(16))")
            }
            #expect(ending != .timedOut)
            let client = try TLSSocketClient(port: port)
            #expect(try client.get("/").status == 200)
            #expect(eventually(timeout: 2, interval: 0.005) { server.connections.current == 1 })
        }
    }

    @Test func slowHalfHandshakeDoesNotStallAnotherConnection() throws {
        try withTLSServer(workers: 1) { port, _, _ in
            let slow = try RawClient.strict(port: port)
            try slow.write("\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}")
            let started = ContinuousClock.now
            for _ in 0..<5 {
                let client = try TLSSocketClient(port: port)
                #expect(try client.get("/").status == 200)
            }
            #expect(ContinuousClock.now - started < .seconds(2))
            _ = slow
        }
    }

    @Test func unfinishedHandshakeIsClosedAtTheRequestTimeout() throws {
        try withTLSServer(limits: HTTPLimits(requestTimeout: .milliseconds(300))) { port, server, _ in
            let slow = try RawClient.strict(port: port)
            try slow.write("\u{16}\u{03}\u{01}")
            #expect(eventually(timeout: 2, interval: 0.005) { server.connections.current == 1 })
            #expect(slow.awaitClose() == .closed)
            #expect(eventually(timeout: 2, interval: 0.005) { server.connections.current == 0 })
        }
    }

    @Test func maxConnectionsCountsConnectionsStillShakingHands() throws {
        try withTLSServer(limits: HTTPLimits(maxConnections: 2)) { port, server, _ in
            let a = try RawClient.strict(port: port)
            let b = try RawClient.strict(port: port)
            #expect(eventually(timeout: 2, interval: 0.005) { server.connections.current == 2 })
            let refused = try RawClient.strict(port: port)
            #expect(refused.awaitClose() == .closed)
            _ = (a, b)
        }
    }

    @Test func reloadedContextServesNewConnectionsAndKeepsOpenOnes() throws {
        let certs = try TestCertificates.get()
        try withTLSServer { port, _, box in
            let before = try TLSSocketClient(port: port)
            #expect(before.tls.serverSubject.contains("O=server"))
            try box.reload(settings: TLSSettings(certificatePath: certs.otherServerCertificate, privateKeyPath: certs.otherServerKey))
            let after = try TLSSocketClient(port: port)
            #expect(after.tls.serverSubject.contains("O=server2"))
            #expect(try before.get("/").status == 200)
            #expect(try after.get("/").status == 200)
        }
    }

    @Test func sessionsResumeAcrossConnections() throws {
        try withTLSServer { port, _, _ in
            let first = try TLSSocketClient(port: port)
            #expect(try first.get("/").status == 200)
            let session = try #require(first.tls.session)
            defer { SSL_SESSION_free(session) }
            let second = try TLSSocketClient(port: port, .init(session: session))
            #expect(second.tls.sessionReused)
            #expect(try second.get("/").status == 200)
        }
    }
}

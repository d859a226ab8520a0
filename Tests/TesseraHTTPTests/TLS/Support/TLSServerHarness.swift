import COpenSSL
import Foundation
import Glibc
@testable import TesseraHTTP
import TesseraTesting

/// Answers every request with what it knows of the client's certificate: `none`, or
/// `verified=<bool> error=<n> source=<handshake|clientCertHeader> der=<bytes>`; a Client-Cert
/// error becomes its 400. `/big/N` answers N bytes (several TLS records).
struct CertificateEchoHandler: HTTPHandler {
    func handle(_ request: HTTPRequest, _ response: inout HTTPResponseBuilder) -> HTTPHandlerResult {
        let target = String(decoding: request.bytes[request.head.target], as: UTF8.self)
        if target.hasPrefix("/big/"), let size = Int(target.dropFirst(5)) {
            response.body = [UInt8](repeating: UInt8(ascii: "b"), count: size)
            return .responded
        }
        do {
            let text: String
            if let certificate = try request.clientCertificate() {
                text = "verified=\(certificate.chainVerified) error=\(certificate.verifyError) source=\(certificate.source) der=\(certificate.der.count)"
            } else {
                text = "none"
            }
            response.body = Array(text.utf8)
        } catch {
            response = HTTPResponseBuilder.errorResponse(for: error)
        }
        return .responded
    }
}

func withTLSServer(clientCA: Bool = false, trustedProxies: [String] = [], workers: Int = 1,
                   limits: HTTPLimits = HTTPLimits(),
                   _ body: (_ port: UInt16, _ server: HTTPServer, _ box: TLSContextBox) throws -> Void) throws {
    let certs = try TestCertificates.get()
    let box = try TLSContextBox(settings: TLSSettings(
        certificatePath: certs.serverCertificate, privateKeyPath: certs.serverKey,
        clientCAPath: clientCA ? certs.caCertificate : nil))
    let security = TransportSecurity(tls: box, trustedProxies: try TrustedProxies(parsing: trustedProxies))
    let options = HTTPServerOptions(host: "127.0.0.1", port: 0, workers: workers, limits: limits, security: security)
    let server = HTTPServer(options: options, handler: CertificateEchoHandler())
    let port = try server.start()
    defer {
        server.shutdown(drain: .milliseconds(500))
        server.wait()
    }
    try body(port, server, box)
}

/// A blocking TLS client over TCP (receive timeout 3 s, so no test hangs).
final class TLSSocketClient {
    let fd: Int32
    let tls: TestTLSClient

    init(port: UInt16, _ options: TestTLSClient.Options = .init()) throws {
        fd = try Self.connect(port: port)
        do {
            tls = try TestTLSClient(fd: fd, options)
            guard try tls.step() else { throw TestTLSError("blocking handshake did not finish") }
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    deinit {
        Glibc.close(fd)
    }

    static func connect(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var tv = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            Glibc.close(fd)
            throw TestTLSError("connect: \(errno)")
        }
        return fd
    }

    private var received: [UInt8] = []

    /// Sends `request` and reads one response framed by Content-Length.
    func exchange(_ request: String) throws -> HTTPResponse {
        try tls.write(request)
        return try readResponse()
    }

    /// Reads the next response (bytes after it stay for the next call).
    func readResponse() throws -> HTTPResponse {
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            if let (response, used) = try HTTPResponse.parse(received) {
                received.removeFirst(used)
                return response
            }
            let n = SSL_read(tls.ssl, &buffer, Int32(buffer.count))
            guard n > 0 else {
                ERR_clear_error()
                throw TestTLSError("connection ended after \(received.count) bytes")
            }
            received += buffer[0..<Int(n)]
        }
    }

    func get(_ target: String, headers: [String] = []) throws -> HTTPResponse {
        try exchange("GET \(target) HTTP/1.1\r\nHost: t\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n")
    }
}

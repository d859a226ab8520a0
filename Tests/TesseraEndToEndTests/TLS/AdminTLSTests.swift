import Foundation
import Testing
import TesseraTesting

/// `admin.tls`: the admin listener speaks HTTPS with its own certificate while `server.listen`
/// stays plain, and says so on its listening line.
@Suite(.requires(TLSClients.curlAvailable, "curl is needed (scripts/test installs it)"))
struct AdminTLSTests {
    @Test func theAdminListenerServesHTTPSBesidePlainHTTP() throws {
        let certs = try TestCertificates.get()
        let server = try TesseraProcess.start(ServerSetup(sections: ["admin": [
            #"listen: "127.0.0.1:0""#, "tls:", "  certificate: \(certs.serverCertificate)", "  private_key: \(certs.serverKey)",
        ]]))
        defer { server.stop() }
        let port = try #require(AdminCaller.port(in: server.stdout), "\(server.stdout)")
        #expect(server.stdout.contains("tessera admin listening on https://127.0.0.1:\(port)"), "\(server.stdout)")
        #expect(server.stdout.contains("tessera listening on http://127.0.0.1:\(server.port)"))
        let outcome = try TesseraBinary.runProgram(TLSClients.curl, [
            "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "--cacert", certs.caCertificate,
            "--resolve", "localhost:\(port):127.0.0.1", "https://localhost:\(port)/admin/openapi.json",
        ], timeout: 30)
        #expect(outcome.status == 0 && outcome.stdout == "200", "\(outcome)")
        let unauthenticated = try TesseraBinary.runProgram(TLSClients.curl, [
            "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "--cacert", certs.caCertificate,
            "--resolve", "localhost:\(port):127.0.0.1", "https://localhost:\(port)/admin/clients",
        ], timeout: 30)
        #expect(unauthenticated.stdout == "401", "\(unauthenticated)")
    }
}

import Foundation
import Testing
import TesseraTesting
import TesseraJOSE

/// Tessera's JWKS and tokens in a third-party JWT library: PyJWT (with `cryptography` for EdDSA),
/// installed by scripts/test. Without them the tests skip -- unless TESSERA_REQUIRE_SERVICES=1
/// (scripts/test, CI), where a missing python3 or PyJWT makes them fail.
@Suite(.requires(PyJWT.available, "python3 with PyJWT and cryptography is not installed"))
struct InteropTests {
    @Test func pyJWTValidatesATesseraTokenAgainstTheJWKS() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken("app")
        let result = try PyJWT.validate(token, server: server)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "app")
    }

    @Test func pyJWTRejectsATamperedTesseraToken() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken("app")
        var parts = token.split(separator: ".").map(String.init)
        // Another client's claims under app's signature.
        let payload = String(decoding: Base64URL.decode(parts[1]) ?? [], as: UTF8.self)
        parts[1] = Base64URL.encode(Array(payload.replacingOccurrences(of: #""client_id":"app""#, with: #""client_id":"other""#).utf8))
        let result = try PyJWT.validate(parts.joined(separator: "."), server: server)
        #expect(result.status == 1, "\(result.output)")
    }
}

enum PyJWT {
    static var available: Bool {
        (try? python(["-c", "import jwt, cryptography"]).status) == 0
    }

    static var script: String {
        Bundle.module.path(forResource: "pyjwt_validate", ofType: "py") ?? "pyjwt_validate.py"
    }

    static func validate(_ token: String, server: TesseraProcess) throws -> (status: Int32, output: String) {
        let result = try python([script, "http://127.0.0.1:\(server.port)/.well-known/jwks.json", token, GatewaySetup.issuer, "api"])
        if result.status == 2 || result.status == 127 {
            Issue.record("python3 with PyJWT and cryptography is required here: \(result.output)")
        }
        return result
    }

    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        // A library's warnings on stderr (joserfc's EdDSA deprecation) are not its answer: the
        // output is stdout, with stderr added only when the run failed.
        let outcome = try TestPython.run(arguments, timeout: 60)
        return (outcome.status, outcome.status == 0 ? outcome.stdout : outcome.stdout + outcome.stderr)
    }
}

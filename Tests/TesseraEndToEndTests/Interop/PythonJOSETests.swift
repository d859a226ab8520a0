import TesseraTesting
import Foundation
import Testing
import TesseraJOSE

/// python-jose, the other JWT library Python resource servers use (FastAPI's tutorials), verifies
/// Tessera's ES256 and RS256 tokens with the key of the token's `kid` from the JWKS (fetched over
/// HTTPS), and refuses a token whose claims were changed. scripts/test installs it (`python-jose`
/// with pip, Debian's `python3-jose` without); without it the suite skips locally and fails under
/// TESSERA_REQUIRE_SERVICES=1.
@Suite(.requires(PythonJOSE.isInstalled && TLSClients.installed, "python3 with python-jose, and curl, are needed (scripts/test installs them)"))
struct PythonJOSETests {
    @Test(arguments: [JWSAlgorithm.ES256, .RS256])
    func verifiesTokensFromTheJWKS(algorithm: JWSAlgorithm) throws {
        try #require(PythonJOSE.isInstalled, "python-jose is missing from \(PyJWT.python)")
        let server = try InteropSetup.start(algorithm: algorithm.rawValue)
        defer { server.stop() }
        let jwks = try server.jwksDocument()
        let token = try server.token()
        #expect(try InteropToken.algorithm(token) == algorithm.rawValue)

        let verified = try PythonJOSE.verify(token: token, jwks: jwks, algorithm: algorithm.rawValue)
        let claims = try #require(verified.claims, "python-jose: \(verified.reason)")
        #expect(claims["client_id"] as? String == "app")
        #expect(claims["scope"] as? String == "read")

        let tampered = try PythonJOSE.verify(token: InteropToken.withOtherClaims(token), jwks: jwks, algorithm: algorithm.rawValue)
        #expect(tampered.claims == nil)
        #expect(tampered.reason.contains("Signature verification failed"), "\(tampered.reason)")
    }
}

enum PythonJOSE {
    static let isInstalled: Bool = {
        guard FileManager.default.isExecutableFile(atPath: PyJWT.python) else { return false }
        return (try? TesseraBinary.runProgram(PyJWT.python, ["-c", "import jose.jwt"], timeout: 30))?.status == 0
    }()


    /// Picks the JWK of the token's kid, as a resource server does, and lets python-jose check
    /// signature, exp, aud and iss.
    static let script = #"""
import json, sys
from jose import jwt, JWTError
data = json.load(sys.stdin)
token = data["token"]
kid = jwt.get_unverified_header(token).get("kid")
keys = [k for k in json.loads(data["jwks"])["keys"] if k.get("kid") == kid]
if not keys:
    sys.exit("kid %r not in the JWKS" % kid)
try:
    claims = jwt.decode(token, keys[0], algorithms=[data["algorithm"]], audience="api", issuer=data["issuer"])
except JWTError as error:
    sys.exit("%s: %s" % (type(error).__name__, error))
print(json.dumps(claims))
"""#

    static func verify(token: String, jwks: String, algorithm: String) throws -> (claims: [String: Any]?, reason: String) {
        let input: [String: Any] = ["token": token, "jwks": jwks, "algorithm": algorithm, "issuer": ServerSetup.issuer]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: input), as: UTF8.self)
        let outcome = try TesseraBinary.runProgram(PyJWT.python, ["-c", script], stdin: json, timeout: 30)
        guard outcome.status == 0 else { return (nil, outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return ((try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))) as? [String: Any], outcome.stderr)
    }
}

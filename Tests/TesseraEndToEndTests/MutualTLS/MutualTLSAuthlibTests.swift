import TesseraTesting
import Foundation
import Testing

/// Authlib's OAuth2Session over requests, presenting a client certificate the way a Python
/// machine client does: `token_endpoint_auth_method="none"` sends `client_id` alone and the
/// certificate (requests' `cert`) authenticates (RFC 8705 tls_client_auth); the token is bound.
@Suite(.serialized, .requires(Authlib.available, "python3 with authlib and requests is needed"))
struct MutualTLSAuthlibTests {
    static let script = #"""
import json, sys
from authlib.integrations.requests_client import OAuth2Session
base, ca, cert, client_id = sys.argv[1:5]
session = OAuth2Session(client_id=client_id, token_endpoint_auth_method="none")
tls = {"verify": ca, "cert": (cert + ".pem", cert + ".key")}
token = session.fetch_token(base + "/oauth/token", grant_type="client_credentials", **tls)
again = session.fetch_token(base + "/oauth/token", grant_type="client_credentials", **tls)
looked = session.post(base + "/oauth/introspect", data={"token": token["access_token"], "client_id": client_id},
                      withhold_token=True, **tls)
print(json.dumps({"token": token["access_token"], "again": again["access_token"], "introspection": looked.json()}))
"""#

    @Test func authlibGetsABoundTokenWithItsClientCertificate() throws {
        #expect(Authlib.available, "python3 -c 'import authlib, requests' failed")
        try MutualTLSEndToEndTests.withServer { server, certs, _ in
            let outcome = try TesseraBinary.runProgram(TLSClients.python, [
                "-c", Self.script, "https://localhost:\(server.port)", certs.path("ca.pem"), certs.path("client"), "by-san",
            ], timeout: 60)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
            let token = try #require(answer["token"] as? String)
            let thumbprint = try certs.thumbprint("client")
            #expect((try DecodedJWT(token).claims["cnf"] as? [String: String]) == ["x5t#S256": thumbprint])
            #expect(answer["again"] as? String == token, "reused for the same certificate")
            let introspection = try #require(answer["introspection"] as? [String: Any])
            #expect(introspection["active"] as? Bool == true)
            #expect(introspection["cnf"] as? [String: String] == ["x5t#S256": thumbprint])
        }
    }
}

/// Whether Python can import Authlib and requests; without them the test skips locally and
/// fails when TESSERA_REQUIRE_SERVICES=1.
enum Authlib {
    static let available: Bool = {
        guard let outcome = try? TesseraBinary.runProgram(TLSClients.python, ["-c", "import authlib, requests"], timeout: 30) else {
            return false
        }
        return outcome.status == 0
    }()
}

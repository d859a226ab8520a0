import Testing
import TesseraTesting

extension MainServer {
    @Suite struct DiscoveryTests {
        @Test func authorizationServerMetadataNamesTheEndpoints() throws {
            let server = try currentServer()
            let response = try server.get("/.well-known/oauth-authorization-server")
            #expect(response.status == 200, "\(response)")
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
            let json = response.json
            try #require(!json.isEmpty, "body: \(response.body)")
            let issuer = ServerSetup.issuer
            #expect(json["issuer"] as? String == issuer)
            #expect(json["token_endpoint"] as? String == issuer + "/oauth/token")
            #expect(json["jwks_uri"] as? String == issuer + "/.well-known/jwks.json")
            #expect((json["grant_types_supported"] as? [String])?.contains("client_credentials") == true)
            let methods = (json["token_endpoint_auth_methods_supported"] as? [String]) ?? []
            #expect(methods.contains("client_secret_basic") && methods.contains("client_secret_post"), "methods: \(methods)")
        }

        /// docs/INTEROP.md, "Authlib's metadata validator": every member passes Authlib's own
        /// validator except `response_types_supported`, which RFC 8414 requires and Tessera serves
        /// as `[]` (no authorization endpoint), and which Authlib treats as missing when empty.
        @Test(.requires(TestPython.imports(["authlib"]), "Authlib is not installed"))
        func authlibValidatesEveryMetadataMemberButTheEmptyResponseTypes() throws {
            let response = try currentServer().get("/.well-known/oauth-authorization-server")
            #expect(response.status == 200, "\(response)")
            let script = #"""
import sys, json
from authlib.oauth2.rfc8414 import AuthorizationServerMetadata
doc = json.load(sys.stdin)
if doc.get("response_types_supported") != []:
    sys.exit("response_types_supported is %r" % doc.get("response_types_supported"))
metadata = AuthorizationServerMetadata(doc)
for name in sorted(dir(metadata)):
    if name.startswith("validate_") and name != "validate_response_types_supported":
        getattr(metadata, name)()
try:
    metadata.validate()
except ValueError as error:
    print(error)
"""#
            let outcome = try TestPython.run(["-c", script], stdin: response.body)
            #expect(outcome.status == 0, "Authlib refused a member: \(outcome.stderr)")
            #expect(outcome.stdout.contains("response_types_supported"), "validate() as a whole: \(outcome.stdout)")
        }

        @Test func healthzIsOK() throws {
            let response = try currentServer().get("/healthz")
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
            let json = response.json
            try #require(!json.isEmpty, "body: \(response.body)")
            #expect(json.count == 1 && json["status"] as? String == "ok", "body: \(response.body)")
        }

        @Test func readyzReportsTheLocalTierOnly() throws {
            let response = try currentServer().get("/readyz")
            #expect(response.status == 200, "\(response)")
            let json = response.json
            try #require(!json.isEmpty, "body: \(response.body)")
            #expect(json["status"] as? String == "ok")
            let tiers = try #require(json["tiers"] as? [String: Any], "body: \(response.body)")
            #expect(tiers["local"] as? String == "ok")
            #expect(Set(tiers.keys) == ["local"], "embedded mode configures no other tier: \(tiers)")
        }

        @Test func metricsExposeTheContractsFamilies() throws {
            let server = try currentServer()
            _ = try server.token(.basic(server.setup.client("alpha")))
            let response = try server.get("/metrics")
            #expect(response.status == 200, "\(response)")
            #expect(response.header("Content-Type")?.hasPrefix("text/plain") == true, "Content-Type: \(response.header("Content-Type") ?? "none")")
            let text = response.body
            for family in [
                "tessera_http_requests_total", "tessera_http_request_duration_seconds",
                "tessera_cache_lookups_total", "tessera_tokens_issued_total", "tessera_sign_duration_seconds",
            ] {
                #expect(text.contains(family), "missing \(family)")
            }
            #expect(text.contains("tessera_http_request_duration_seconds_bucket"), "duration is not a histogram")
            #expect(text.contains("tessera_sign_duration_seconds_bucket"), "sign duration is not a histogram")
            #expect(text.contains(#"tessera_tokens_issued_total{algorithm="EdDSA"}"#), "no EdDSA issuance counter")
            let requests = text.split(separator: "\n").filter { $0.hasPrefix("tessera_http_requests_total{") }
            #expect(requests.contains { $0.contains("endpoint=") && $0.contains(#"status="200""#) }, "requests lines: \(requests)")
            let lookups = text.split(separator: "\n").filter { $0.hasPrefix("tessera_cache_lookups_total{") }
            #expect(lookups.contains { $0.contains(#"tier="local""#) }, "lookup lines: \(lookups)")
        }
    }
}

import Foundation
import Testing
import TesseraTesting

/// `GET /admin/openapi.json` on a live node with a database: valid OpenAPI 3.1
/// (openapi-spec-validator), and a short Schemathesis run over every route of it: no 500, every
/// status and body as the document describes.
@Suite(.requires(Services.running, Services.skipMessage))
struct AdminOpenAPITests {
    static let modules = ["schemathesis", "openapi_spec_validator"]
    /// Examples per operation: a short run here; scripts/soak sets TESSERA_ADMIN_FUZZ_EXAMPLES for a long one.
    static let examples = ProcessInfo.processInfo.environment["TESSERA_ADMIN_FUZZ_EXAMPLES"] ?? "2"

    @Test(.requires(TestPython.imports(modules),
                   "schemathesis / openapi-spec-validator are not installed (pip: schemathesis openapi-spec-validator)"))
    func theDocumentIsValidAndTheServerKeepsToIt() throws {
        #expect(TestPython.imports(Self.modules), "pip install schemathesis openapi-spec-validator")
        let admin = try TestClient.generated(Services.unique("admin"), scopes: ["tessera:admin"], audiences: ["tessera-admin"])
        let reader = try TestClient.generated(Services.unique("reader"), scopes: ["tessera:admin:read"], audiences: ["tessera-admin"])
        let fixture = try CLIFixture.migrated(redis: nil, extra: AdminAPITests.adminConfig(admin, reader))
        defer { fixture.done() }
        let node = try AdminAPITests.start(fixture, admin: admin)
        defer { node.serve.stop() }

        let document = try HTTPExchange.send(port: node.admin.port, method: "GET", path: "/admin/openapi.json")
        #expect(document.status == 200 && document.header("Content-Type") == "application/json", "\(document)")
        let file = node.serve.directory.file("openapi.json")
        try Data(document.body.utf8).write(to: file)
        let validated = try TestPython.run(["-m", "openapi_spec_validator", file.path], timeout: 60)
        #expect(validated.status == 0, "openapi-spec-validator: \(validated.stdout) \(validated.stderr)")

        let token = try #require(node.admin.token)
        let run = try TestPython.run([
            "-c", "import sys; from schemathesis.cli import schemathesis; schemathesis()",
            "run", file.path, "--url", "http://127.0.0.1:\(node.admin.port)", "-H", "Authorization: Bearer \(token)",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--max-examples", Self.examples, "--phases", "examples,fuzzing", "--generation-deterministic", "--request-timeout", "5",
            "--no-color",
            // It would revoke the tokens of the admin client it runs as (it reads the ids from the
            // list); AdminAPITests covers that route.
            "--exclude-operation-id", "revokeTokens",
        ], environment: ["SCHEMATHESIS_HOOKS": ""], timeout: 120)
        #expect(run.status == 0, "schemathesis: \(run.stdout.suffix(6000)) \(run.stderr.suffix(2000))")
    }
}

import Testing
import TesseraApp
import TesseraConfig
import TesseraStore
import TesseraTesting

/// `ClientOperations` called as the admin API calls it: what each returns (`ClientChange`, named
/// as the audit trail names it, secrets only as "(changed)") and that a refused change leaves the
/// stored client as it was.
@Suite(.requires(TestServices.databaseURL != nil, Comment(rawValue: TestServices.skipMessage)))
struct ClientOperationsTests {
    @Test func eachOperationReturnsItsAuditChangeAndARefusalChangesNothing() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let connection = try PostgresConnection(url: database.url, connectTimeoutSeconds: 5)
        _ = try SchemaMigrator.migrate(connection)
        var config = Config()
        config.clients = [StaticClientConfig(id: "fixed", secretHash: "$x", scopes: [], audiences: ["api"], introspect: false)]
        let operations = ClientOperations(config: config, database: .connection(connection), redis: nil)

        let (added, secret) = try operations.add(
            ClientRecord(id: "svc", secretHash: "", scopes: ["read", "write"], audiences: ["api"], introspect: false), secret: .generate)
        #expect(added.action == "client.create" && added.target == "svc" && secret != nil)
        #expect(added.field("secret")?.after == "(changed)" && !"\(added)".contains(secret ?? "-"), "\(added)")

        let updated = try operations.update("svc", ClientUpdate(scopes: ["read"], tokenTTLSeconds: 600))
        #expect(updated.action == "client.update")
        #expect(updated.field("scopes") == .init(name: "scopes", before: "read write", after: "read"))
        #expect(updated.field("token_ttl") == .init(name: "token_ttl", before: nil, after: "600s"))

        let (rotated, _) = try operations.rotateSecret("svc", keepOldSeconds: 3600)
        #expect(rotated.action == "client.secret.rotate" && rotated.field("secret")?.after == "(changed)")
        #expect(rotated.field("previous_secrets_expire_at")?.after?.hasPrefix("20") == true, "\(rotated)")
        #expect(try operations.show("svc").secrets.count == 2)

        #expect(try operations.disable("svc", revokeTokens: true).field("tokens_not_before") != nil)
        #expect(try operations.show("svc").policy.disabled)
        #expect(try operations.enable("svc").field("disabled") == .init(name: "disabled", before: "true", after: "false"))

        // Refused: the stored client is what it was.
        let before = try operations.show("svc")
        #expect(throws: ClientOperationError.self) { try operations.update("svc", ClientUpdate(scopes: ["x"], tokenTTLSeconds: 90_000)) }
        #expect(throws: ClientOperationError.staticClient("fixed")) { try operations.update("fixed", ClientUpdate(scopes: ["x"])) }
        #expect(throws: ClientOperationError.unknownClient("nobody")) { try operations.disable("nobody") }
        #expect(throws: ClientOperationError.self) { try operations.rotateSecret("svc", keepOldSeconds: -1) }
        #expect(try operations.show("svc") == before)

        let removed = try operations.remove("svc")
        #expect(removed.action == "client.delete" && removed.field("scopes")?.after == nil)
        #expect(throws: ClientOperationError.unknownClient("svc")) { try operations.show("svc") }
    }
}

import Testing
import TesseraStore
import TesseraTesting

@Suite(.requires(Services.running, Services.skipMessage))
struct MigrationTests {
    @Test func migratingTwiceAppliesOnceAndThenChangesNothing() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let connection = try PostgresConnection(url: database.url)
        #expect(try SchemaMigrator.currentVersion(connection) == 0)
        let first = try SchemaMigrator.migrate(connection)
        #expect(first == SchemaMigrator.migrations.map(\.version))
        let second = try SchemaMigrator.migrate(connection)
        #expect(second.isEmpty)
        #expect(try SchemaMigrator.currentVersion(connection) == SchemaMigrator.migrations.last?.version)
    }

    @Test func clientRecordsRoundTripThroughTheTable() throws {
        let database = try TestDatabase.migrated()
        defer { database.drop() }
        let connection = try PostgresConnection(url: database.url)
        let table = PostgresClientTable()
        let record = ClientRecord(id: "svc a", secretHash: "$hmac-sha256$x$y", scopes: ["read", "write"],
                                  audiences: ["https://api.example/x y"], introspect: true)
        let bare = ClientRecord(id: "bare", secretHash: "$hmac-sha256$x$y", scopes: [], audiences: [], introspect: false)
        #expect(try table.insert(record, on: connection))
        #expect(try table.insert(bare, on: connection))
        #expect(try !table.insert(record, on: connection), "a second insert of one id is refused")
        var stored = record
        stored.version = 1
        var storedBare = bare
        storedBare.version = 1
        #expect(try table.find(id: "svc a", on: connection) == stored)
        #expect(try table.find(id: "bare", on: connection) == storedBare)
        #expect(try table.list(on: connection).map(\.id) == ["bare", "svc a"])
        #expect(try table.updateSecretHash(id: "bare", secretHash: "$hmac-sha256$new$hash", on: connection))
        #expect(try table.find(id: "bare", on: connection)?.secretHash == "$hmac-sha256$new$hash")
        #expect(try table.find(id: "bare", on: connection)?.version == 2, "a new secret bumps the version")
        // A NUL would cut the C string short and alias "bare": refused, never looked up.
        #expect(throws: StoreError.self) { try table.find(id: "bare\u{0}xyz", on: connection) }
        #expect(try table.delete(id: "bare", on: connection))
        #expect(try !table.delete(id: "bare", on: connection))
        #expect(try table.find(id: "bare", on: connection) == nil)
    }
}

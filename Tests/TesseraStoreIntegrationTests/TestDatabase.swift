import TesseraStore
import TesseraTesting

extension TestDatabase {
    /// A database of the test's own (TesseraTesting's, behind its cuttable proxy) with Tessera's
    /// schema applied by `SchemaMigrator`.
    static func migrated() throws -> TestDatabase {
        let database = try TestDatabase()
        do {
            try SchemaMigrator.migrate(try PostgresConnection(url: database.url))
        } catch {
            database.drop()
            throw error
        }
        return database
    }
}

import ArgumentParser
import TesseraStore

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Create or upgrade the PostgreSQL schema (idempotent, in one transaction).")

    @Option(help: "The config file (default ./config.yaml).")
    var config: String?

    func run() throws {
        let store = try StoreAccess.open(configPath: config, command: "migrate")
        let applied = try store.run("migrate") { () throws(StoreError) in try SchemaMigrator.migrate(store.database) }
        let version = try store.run("migrate") { () throws(StoreError) in try SchemaMigrator.currentVersion(store.database) }
        if applied.isEmpty {
            print("schema up to date (version \(version))")
        } else {
            print("applied migration\(applied.count == 1 ? "" : "s") \(applied.map(String.init).joined(separator: ", ")); schema at version \(version)")
        }
    }
}

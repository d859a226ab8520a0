import Foundation
import TesseraStore
import TesseraTesting

/// A PostgreSQL database of its own for one test (created from the shared server's `tessera`
/// role, which may CREATEDB), dropped by `drop()`.
struct TestDatabase {
    let name: String
    let url: String
    private let adminURL: String

    static func create() throws -> TestDatabase {
        let base = try Services.database()
        let name = Services.unique("tessera_it")
        let admin = try PostgresConnection(url: base)
        try admin.exec("CREATE DATABASE \(name)")
        return TestDatabase(name: name, url: Self.replacingDatabase(in: base, with: name), adminURL: base)
    }

    /// A migrated database.
    static func migrated() throws -> TestDatabase {
        let database = try create()
        try SchemaMigrator.migrate(try PostgresConnection(url: database.url))
        return database
    }

    func drop() {
        guard let admin = try? PostgresConnection(url: adminURL) else { return }
        _ = try? admin.exec("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        guard let slash = url.range(of: "/", options: .backwards, range: url.index(url.startIndex, offsetBy: 12)..<url.endIndex) else {
            return url + "/" + name
        }
        var rest = url[slash.upperBound...]
        let query = rest.firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
        rest = rest.prefix { $0 != "?" }
        return String(url[..<slash.upperBound]) + name + query
    }
}

import Synchronization
import TesseraStore

/// Whether PostgreSQL holds the schema this binary needs: `serve` never migrates on its own (two
/// versions of a rolling upgrade must not race to change it), so until `tessera migrate` has run
/// every query fails; this says why, once in the log and in /readyz. Checked by the store prober
/// until the schema is found current, then never again.
final class SchemaWatch: Sendable {
    private enum State: Int { case unknown, current, behind }

    private let state = Atomic<Int>(State.unknown.rawValue)
    /// The newest migration this binary knows.
    static let required = SchemaMigrator.migrations.map(\.version).max() ?? 0

    /// Known to be behind (an unknown schema, PostgreSQL not reached yet, is not).
    var isBehind: Bool { state.load(ordering: .relaxed) == State.behind.rawValue }

    /// One check on a connection of the prober's; nothing once the schema was found current.
    func check(_ connection: PostgresConnection) throws(StoreError) {
        guard state.load(ordering: .relaxed) != State.current.rawValue else { return }
        let version = try SchemaMigrator.currentVersion(connection)
        let next: State = version >= Self.required ? .current : .behind
        let previous = state.exchange(next.rawValue, ordering: .relaxed)
        guard previous != next.rawValue else { return }
        if next == .behind {
            Log.error("the PostgreSQL schema is not migrated: run tessera migrate",
                      [("schema_version", "\(version)"), ("required_version", "\(Self.required)")])
        } else if previous == State.behind.rawValue {
            Log.info("the PostgreSQL schema is migrated", [("schema_version", "\(version)")])
        }
    }
}

/// Revoked token ids in PostgreSQL (`tessera_revocations`), and per-client cuts
/// (`tessera_client_cuts`: every token of the client issued at or before `not_before` is
/// revoked), so a node that starts later, or missed the Redis message, still knows them. Rows past
/// `expires_at` are pruned as they are read.
package struct PostgresRevocationTable: Sendable {
    static let insert = PostgresStatement(
        name: "tessera_revocation_insert",
        sql: "INSERT INTO tessera_revocations (jti, client_id, expires_at) VALUES ($1, $2, $3::bigint) ON CONFLICT (jti) DO NOTHING",
        parameterCount: 3)
    static let live = PostgresStatement(
        name: "tessera_revocation_live",
        sql: "SELECT jti, client_id, expires_at FROM tessera_revocations WHERE expires_at > $1::bigint", parameterCount: 1)
    static let prune = PostgresStatement(
        name: "tessera_revocation_prune", sql: "DELETE FROM tessera_revocations WHERE expires_at <= $1::bigint",
        parameterCount: 1)
    static let insertCut = PostgresStatement(
        name: "tessera_cut_insert",
        sql: """
            INSERT INTO tessera_client_cuts (client_id, not_before, expires_at) VALUES ($1, $2::bigint, $3::bigint)
            ON CONFLICT (client_id) DO UPDATE SET
                not_before = CASE WHEN tessera_client_cuts.not_before >= excluded.not_before
                    THEN tessera_client_cuts.not_before + 1 ELSE excluded.not_before END,
                expires_at = greatest(tessera_client_cuts.expires_at, excluded.expires_at)
            RETURNING not_before
            """,
        parameterCount: 3)
    /// A node's own cut, recorded (again) as decided: the later of it and the recorded one.
    static let recordCut = PostgresStatement(
        name: "tessera_cut_record",
        sql: """
            INSERT INTO tessera_client_cuts (client_id, not_before, expires_at) VALUES ($1, $2::bigint, $3::bigint)
            ON CONFLICT (client_id) DO UPDATE SET
                not_before = greatest(tessera_client_cuts.not_before, excluded.not_before),
                expires_at = greatest(tessera_client_cuts.expires_at, excluded.expires_at)
            RETURNING not_before
            """,
        parameterCount: 3)
    static let liveCuts = PostgresStatement(
        name: "tessera_cut_live",
        sql: "SELECT client_id, not_before FROM tessera_client_cuts WHERE expires_at > $1::bigint", parameterCount: 1)

    package init() {}

    package func insert(jwtID: String, clientID: String, expiresAt: Int64, on connection: PostgresConnection) throws(StoreError) {
        _ = try connection.execute(Self.insert, [jwtID, clientID, String(expiresAt)])
    }

    /// Revocations of tokens still alive at `now` (unix seconds): (jti, client id, exp).
    package func live(now: Int64, on connection: PostgresConnection) throws(StoreError) -> [(String, String, Int64)] {
        _ = try connection.execute(Self.prune, [String(now)])
        return try connection.execute(Self.live, [String(now)]).rows.compactMap { row in
            guard let jti = row[0], let client = row[1], let exp = row[2].flatMap({ Int64($0) }) else { return nil }
            return (jti, client, exp)
        }
    }

    /// Records a cut at `notBefore`, or one second past the recorded one when that is not earlier
    /// (so it covers tokens issued just after it); it matters until `expiresAt`. Returns the cut
    /// recorded.
    @discardableResult
    package func insertCut(clientID: String, notBefore: Int64, expiresAt: Int64, on connection: PostgresConnection) throws(StoreError) -> Int64 {
        let rows = try connection.execute(Self.insertCut, [clientID, String(notBefore), String(expiresAt)]).rows
        return rows.first?.first.flatMap { $0.flatMap { Int64($0) } } ?? notBefore
    }

    /// Records a cut a node decided (a static client removed, or a cut retried or recovered after
    /// an outage): the recorded cut becomes the later of the two, never one past them, so
    /// recording the same cut again (two nodes, a retry, a restart) moves nothing. Returns the
    /// cut recorded.
    @discardableResult
    package func recordCut(clientID: String, notBefore: Int64, expiresAt: Int64, on connection: PostgresConnection) throws(StoreError) -> Int64 {
        let rows = try connection.execute(Self.recordCut, [clientID, String(notBefore), String(expiresAt)]).rows
        return rows.first?.first.flatMap { $0.flatMap { Int64($0) } } ?? notBefore
    }

    /// Cuts that still matter at `now`: (client id, not before).
    package func liveCuts(now: Int64, on connection: PostgresConnection) throws(StoreError) -> [(String, Int64)] {
        try connection.execute(Self.liveCuts, [String(now)]).rows.compactMap { row in
            guard let client = row[0], let notBefore = row[1].flatMap({ Int64($0) }) else { return nil }
            return (client, notBefore)
        }
    }
}

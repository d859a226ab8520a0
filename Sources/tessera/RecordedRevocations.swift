import TesseraConfig
import TesseraJOSE
import TesseraOAuth
import TesseraStore

/// What `token inspect` knows of a token's revocation: it reads the revocations and per-client
/// cuts where the servers of this config record them (rule 2): PostgreSQL when configured, else
/// Redis, else the journal under `state.directory`; in store modes also the cuts a node kept in
/// that journal while its store was down. Read only: nothing is created or rewritten.
enum RecordedRevocations {
    enum Verdict: Equatable {
        /// Nothing recorded revokes the token; `source` says where that was checked.
        case notRevoked(source: String)
        case revoked(String)
        /// The recorded revocations could not be read: whether the token is revoked is unknown.
        case notChecked(String)
    }

    static func check(_ claims: AccessTokenClaims, config: Config, now: Int64) -> Verdict {
        let list = RevocationList()
        let journal = RevocationJournal.peek(directory: config.state.directory, now: now)
        let source: String
        do throws(StoreError) {
            if let database = config.database {
                source = "PostgreSQL"
                let connection = try PostgresConnection(url: database.url, connectTimeoutSeconds: 5)
                let table = PostgresRevocationTable()
                apply(try table.live(now: now, on: connection), try table.liveCuts(now: now, on: connection), to: list, now: now)
            } else if let redis = config.cache.redis {
                source = "Redis"
                let pool = RedisPool(options: try RedisOptions(url: redis.url, poolSize: 1, timeout: .seconds(1)))
                let (revoked, cuts) = try RedisRevocationTable(pool: pool).loadAll()
                apply(revoked, cuts, to: list, now: now)
            } else {
                source = RevocationJournal.path(in: config.state.directory)
                // A node creates the journal when it starts: none means this is not where it runs.
                guard journal != nil else {
                    return .notChecked("no revocation journal at \(source) (state.directory)")
                }
            }
        } catch {
            var hint = ""
            if case .server(_, "42P01", _) = error { hint = " (run tessera migrate first)" }
            return .notChecked("the recorded revocations could not be read: \(error)\(hint)")
        }
        // The journal: embedded mode's record, and in store modes the cuts a node could not store.
        for record in journal?.records ?? [] {
            switch record {
            case .revocation(let jwtID, _, let expiresAt): list.revoke(jwtID: jwtID, expiresAt: expiresAt, now: now)
            case .cut(let clientID, let notBefore, _): list.cut(clientID: clientID, notBefore: notBefore)
            case .usedAssertion: break  // kept in assertions.log, never in this one
            }
        }
        if list.isRevoked(jwtID: claims.jwtID, now: now) {
            return .revoked("token revoked (jti \"\(claims.jwtID)\" is recorded in \(source))")
        }
        if list.isCut(clientID: claims.clientID, issuedAt: claims.issuedAt), let cut = list.notBefore(clientID: claims.clientID) {
            return .revoked("every token of client \"\(claims.clientID)\" issued up to \(cut) is revoked (recorded in \(source))")
        }
        return .notRevoked(source: source)
    }

    private static func apply(_ revoked: [(String, String, Int64)], _ cuts: [(String, Int64)], to list: RevocationList, now: Int64) {
        for (jwtID, _, expiresAt) in revoked { list.revoke(jwtID: jwtID, expiresAt: expiresAt, now: now) }
        for (clientID, notBefore) in cuts { list.cut(clientID: clientID, notBefore: notBefore) }
    }
}

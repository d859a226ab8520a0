import TesseraCore

/// The columns of migrations 8 and 11 on `tessera_clients`: the newest secret's expiry, the
/// previous secrets with theirs (aligned arrays, newest first), the per-client policy and the
/// secret method. Read after `jwks` and before the certificate columns; written by insert and
/// update alike.
enum PostgresClientColumns {
    /// Parameters each write takes, in `written` order.
    static let count = 9
    static let written = """
        secret_expires_at, previous_secrets, previous_secrets_expire_at, token_ttl, rate_rps, rate_burst, disabled,
        dpop_bound_access_tokens, secret_method
        """
    static let read = """
        secret_expires_at, \(PostgresClientTable.lengthPrefixed("previous_secrets")), \
        array_to_string(previous_secrets_expire_at, ',', '-'), token_ttl, rate_rps, rate_burst, disabled, dpop_bound_access_tokens, \
        secret_method
        """

    /// The SQL values for `written`, from parameter `$first` on.
    static func values(from first: Int) -> String {
        let p = (first..<(first + count)).map { "$\($0)" }
        return """
            \(p[0])::bigint, coalesce(string_to_array(\(p[1]), E'\\x1f'), '{}'), coalesce(string_to_array(\(p[2]), ',', '-')::bigint[], '{}'),
            \(p[3])::bigint, \(p[4])::integer, \(p[5])::integer, \(p[6])::boolean, \(p[7])::boolean, \(p[8])
            """
    }

    static func parameters(_ record: ClientRecord) -> [String?] {
        let previous = record.secrets.dropFirst()
        let policy = record.policy
        return [
            record.secrets.first?.expiresAt.map(String.init),
            PostgresClientTable.joined(previous.map(\.hash)),
            previous.isEmpty ? nil : previous.map { $0.expiresAt.map(String.init) ?? "-" }.joined(separator: ","),
            policy.tokenTTLSeconds.map(String.init), policy.rate.map { String($0.rps) }, policy.rate.map { String($0.burst) },
            policy.disabled ? "true" : "false", record.dpopBoundAccessTokens ? "true" : "false", record.secretMethod.rawValue,
        ]
    }

    /// Reads `read` from `row[first...]` into the record.
    static func apply(_ row: [String?], from first: Int, to record: inout ClientRecord) {
        let hashes = PostgresClientTable.split(row[first + 1])
        let expiries = (row[first + 2] ?? "").split(separator: ",", omittingEmptySubsequences: false).map { Int64($0) }
        if var newest = record.secrets.first {
            newest.expiresAt = row[first].flatMap { Int64($0) }
            record.secrets = [newest]
        }
        for (index, hash) in hashes.enumerated() {
            // A hand-written row whose arrays disagree: the secret stops now rather than never.
            let expiresAt = index < expiries.count ? expiries[index] : Int64.min
            record.secrets.append(StoredSecret(hash: hash, expiresAt: expiresAt))
        }
        record.policy.tokenTTLSeconds = row[first + 3].flatMap { Int64($0) }
        if let rps = row[first + 4].flatMap({ Int($0) }) {
            record.policy.rate = ClientRate(rps: rps, burst: row[first + 5].flatMap { Int($0) } ?? 0)
        }
        record.policy.disabled = row[first + 6] == "t"
        record.dpopBoundAccessTokens = row[first + 7] == "t"
        // A value written by hand that names no secret method reads as the default.
        record.secretMethod = row[first + 8].flatMap(SecretMethod.init(rawValue:)) ?? .basic
    }
}

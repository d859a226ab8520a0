import TesseraCore

extension RedisClientCache {
    /// After the fourth format's fields: every secret as `hash` then `expiry` (`-` for none), as
    /// one list field of pairs, then token_ttl, rate rps and burst (`-` for the default),
    /// disabled and dpop_bound_access_tokens (`0`/`1`), the secret method.
    static func appendSecretsAndPolicy(_ record: ClientRecord, to out: inout [UInt8]) {
        var pairs: [String] = []
        for secret in record.secrets { pairs += [secret.hash, secret.expiresAt.map(String.init) ?? "-"] }
        LengthPrefixedFields.append(list: pairs, to: &out)
        let policy = record.policy
        LengthPrefixedFields.append(policy.tokenTTLSeconds.map(String.init), to: &out)
        LengthPrefixedFields.append(policy.rate.map { String($0.rps) }, to: &out)
        LengthPrefixedFields.append(policy.rate.map { String($0.burst) }, to: &out)
        LengthPrefixedFields.append(policy.disabled ? "1" : "0", to: &out)
        LengthPrefixedFields.append(record.dpopBoundAccessTokens ? "1" : "0", to: &out)
        LengthPrefixedFields.append(record.secretMethod.rawValue, to: &out)
    }

    /// False for anything `appendSecretsAndPolicy` could not have written.
    static func readSecretsAndPolicy(_ reader: inout LengthPrefixedFields.Reader, into record: inout ClientRecord) -> Bool {
        guard let pairs = reader.nextList(), pairs.count % 2 == 0, pairs.count / 2 <= StoredSecret.limit,
            let ttl = reader.nextOptionalString(), let rps = reader.nextOptionalString(), let burst = reader.nextOptionalString(),
            let disabled = reader.nextString(), let dpop = reader.nextString(),
            ["0", "1"].contains(disabled), ["0", "1"].contains(dpop),
            let secretMethod = reader.nextString().flatMap(SecretMethod.init(rawValue:))
        else { return false }
        var secrets: [StoredSecret] = []
        for index in stride(from: 0, to: pairs.count, by: 2) {
            let expiry = pairs[index + 1]
            guard expiry == "-" || Int64(expiry) != nil else { return false }
            secrets.append(StoredSecret(hash: pairs[index], expiresAt: Int64(expiry)))
        }
        // The fourth format's secret field must agree with the list's first.
        guard (secrets.first?.hash ?? "") == record.secretHash else { return false }
        record.secrets = secrets
        guard ttl.map({ Int64($0) != nil }) ?? true, rps.map({ Int($0) != nil }) ?? true, burst.map({ Int($0) != nil }) ?? true
        else { return false }
        record.policy.tokenTTLSeconds = ttl.flatMap { Int64($0) }
        record.policy.rate = rps.flatMap { Int($0) }.map { ClientRate(rps: $0, burst: burst.flatMap { Int($0) } ?? 0) }
        record.policy.disabled = disabled == "1"
        record.dpopBoundAccessTokens = dpop == "1"
        record.secretMethod = secretMethod
        return true
    }
}

import TesseraCore

/// What a client may be given beyond its grant, per client (`clients[]` keys, `client update`
/// flags, PostgreSQL columns): nil or false means the configured default applies.
package struct ClientPolicy: Sendable, Equatable {
    /// Its tokens' lifetime in seconds (`token_ttl`, at most `tokens.max_ttl`).
    package var tokenTTLSeconds: Int64?
    /// Its token request rate (`rate: {rps, burst}`), in place of `limits.per_client_*`.
    package var rate: ClientRate?
    /// Refused at every endpoint (`invalid_client`, "client is disabled").
    package var disabled = false

    package init(tokenTTLSeconds: Int64? = nil, rate: ClientRate? = nil, disabled: Bool = false) {
        self.tokenTTLSeconds = tokenTTLSeconds
        self.rate = rate
        self.disabled = disabled
    }
}

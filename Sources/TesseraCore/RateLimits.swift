/// Per-client limits of the token endpoint (`limits:` in the config, read by TesseraConfig and
/// enforced by TesseraOAuth's `RateLimiter`), 0 meaning "no limit".
package struct RateLimits: Sendable, Equatable {
    /// Sustained token requests per second per client.
    package var perClientRPS: Int
    /// Requests allowed at once above the rate: the bucket holds `perClientRPS + perClientBurst`.
    package var perClientBurst: Int
    /// Failed authentications per client id and source address within a fixed 60 s window
    /// before answering 429.
    package var authFailuresPerMinute: Int
    /// The same per client id from every address together: far higher, so that one address
    /// guessing a client's secret does not lock the client out at its own address.
    package var authFailuresPerMinutePerClient: Int

    package init(perClientRPS: Int = 0, perClientBurst: Int = 0, authFailuresPerMinute: Int = 20,
                 authFailuresPerMinutePerClient: Int = 200) {
        self.perClientRPS = perClientRPS
        self.perClientBurst = perClientBurst
        self.authFailuresPerMinute = authFailuresPerMinute
        self.authFailuresPerMinutePerClient = authFailuresPerMinutePerClient
    }
}

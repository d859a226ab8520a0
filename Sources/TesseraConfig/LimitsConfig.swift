/// `limits:` — per-client rate limits. All >= 0.
package struct LimitsConfig: Sendable, Equatable {
    /// Token requests per second per client; 0 = unlimited.
    package var perClientRPS: Int
    /// Extra requests allowed at once above the rate.
    package var perClientBurst: Int
    /// Failed authentications per client id and source address per minute before 429.
    package var authFailuresPerMinute: Int
    /// Failed authentications per client id from all addresses together per minute before 429.
    package var authFailuresPerMinutePerClient: Int

    package init(perClientRPS: Int = 0, perClientBurst: Int = 0, authFailuresPerMinute: Int = 20,
                 authFailuresPerMinutePerClient: Int = 200) {
        self.perClientRPS = perClientRPS
        self.perClientBurst = perClientBurst
        self.authFailuresPerMinute = authFailuresPerMinute
        self.authFailuresPerMinutePerClient = authFailuresPerMinutePerClient
    }
}

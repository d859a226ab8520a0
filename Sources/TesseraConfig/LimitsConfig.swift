/// `limits:` — per-client rate limits. All >= 0.
package struct LimitsConfig: Sendable, Equatable {
    /// Token requests per second per client; 0 = unlimited.
    package var perClientRPS: Int
    /// Extra requests allowed at once above the rate.
    package var perClientBurst: Int
    /// Failed authentications per client id per minute before 429.
    package var authFailuresPerMinute: Int

    package init(perClientRPS: Int = 0, perClientBurst: Int = 0, authFailuresPerMinute: Int = 20) {
        self.perClientRPS = perClientRPS
        self.perClientBurst = perClientBurst
        self.authFailuresPerMinute = authFailuresPerMinute
    }
}

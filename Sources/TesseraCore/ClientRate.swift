/// One client's own token request rate (`clients[].rate`, `client update --rps/--burst`, PostgreSQL
/// columns): a token bucket, `rps` sustained, `burst` more at once; rps 0 = unlimited.
package struct ClientRate: Sendable, Equatable {
    package var rps: Int
    package var burst: Int

    package init(rps: Int, burst: Int = 0) {
        self.rps = rps
        self.burst = burst
    }
}

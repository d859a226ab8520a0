import Glibc
import TesseraConfig

/// The timing of key rotation, chosen so that a gateway caching the JWKS never meets an unknown
/// `kid`, and never loses a key while a token it signed is alive:
///
/// - the JWKS is served with `Cache-Control: public, max-age=N`, N at most half the lead and at
///   most 300 s (`jwksMaxAge`);
/// - every node re-reads its keys at least every `refreshSeconds` (10 s, or half the lead when
///   that is shorter) and at the exact second a key activates or retires;
/// - a new key activates `lead` seconds after it is made (`keys.rotation.publish_ahead`, else
///   600 s): every node has published it within half the lead, and a gateway that cached the
///   JWKS just before has refreshed it within the other half, before the key signs;
/// - a key is retired (no longer published, no longer verifying) once the next newer key has been
///   active for `tokens.ttl` + `retirementLeeway` (`keys.rotation.retain`, else 30 s, the clock
///   skew allowed between nodes): it stopped signing when that key activated, so every token it
///   signed has expired by then;
/// - with `keys.rotation.every` > 0, a new key is made once the newest one has signed for `every`.
///
/// Without `keys.rotation`, tests shorten the lead and the leeway with `TESSERA_KEY_LEAD_SECONDS`
/// and `TESSERA_KEY_RETIREMENT_LEEWAY_SECONDS`.
package struct KeyRotationPolicy: Sendable, Equatable {
    package static let defaultLead: Int64 = 600
    package static let defaultRetirementLeeway: Int64 = 30
    package static let defaultJWKSMaxAge: Int64 = 300
    package static let pollSeconds: Int64 = 10

    /// Seconds between a key being made and it signing.
    package var lead: Int64
    /// Seconds added to `tokens.ttl` before a superseded key retires.
    package var retirementLeeway: Int64
    /// Seconds the newest key signs before the next is made; 0: no schedule.
    package var every: Int64

    package init(lead: Int64 = defaultLead, retirementLeeway: Int64 = defaultRetirementLeeway, every: Int64 = 0) {
        self.lead = max(0, lead)
        self.retirementLeeway = max(0, retirementLeeway)
        self.every = max(0, every)
    }

    /// `max-age` of the JWKS response: at most half the pre-publication lead.
    package var jwksMaxAge: Int64 { min(Self.defaultJWKSMaxAge, lead / 2) }

    /// The longest a node goes without re-reading its keys: within half the lead every node
    /// publishes a key another node made.
    package var refreshSeconds: Int64 { max(1, min(Self.pollSeconds, lead / 2)) }

    /// This policy with `keys.rotation` applied: its durations replace the defaults (and the
    /// test overrides) when the section is present.
    package func applying(_ keys: KeysConfig) -> KeyRotationPolicy {
        guard let rotation = keys.rotation else { return self }
        return KeyRotationPolicy(lead: Self.seconds(rotation.publishAhead), retirementLeeway: Self.seconds(rotation.retain),
                                 every: Self.seconds(rotation.every))
    }

    private static func seconds(_ duration: Duration) -> Int64 {
        let (whole, atto) = duration.components
        return whole + (atto > 0 ? 1 : 0)
    }

    /// The defaults, with the two test overrides read from the environment when set.
    package static func fromEnvironment() -> KeyRotationPolicy {
        func seconds(_ name: String) -> Int64? {
            guard let raw = getenv(name) else { return nil }
            return Int64(String(cString: raw))
        }
        return KeyRotationPolicy(
            lead: seconds("TESSERA_KEY_LEAD_SECONDS") ?? defaultLead,
            retirementLeeway: seconds("TESSERA_KEY_RETIREMENT_LEEWAY_SECONDS") ?? defaultRetirementLeeway)
    }
}

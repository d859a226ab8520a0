import Glibc

/// The timing of key rotation, chosen so that a gateway caching the JWKS never meets an unknown
/// `kid`, and never loses a key while a token it signed is alive:
///
/// - the JWKS is served with `Cache-Control: public, max-age=300` (`jwksMaxAge`);
/// - every node re-reads the key directory at least every 10 s (`pollSeconds`, and at the exact
///   second a key activates or retires);
/// - `keys rotate` writes the new key with its activation 600 s ahead (`lead`): it is published
///   within 10 s, so a JWKS cached just before that is refreshed (300 s) well before the key signs,
///   with room for 30 s of clock skew between nodes; 600 >= 300 + 10 + 30;
/// - a key is retired (no longer published, no longer verifying) once the next newer key has been
///   active for `tokens.ttl` + `retirementLeeway` (30 s, the clock skew allowed between nodes): the
///   key stopped signing when that key activated, so every token it signed has expired by then.
///
/// Tests shorten the lead and the leeway with `TESSERA_KEY_LEAD_SECONDS` and
/// `TESSERA_KEY_RETIREMENT_LEEWAY_SECONDS`; the JWKS max-age never exceeds the lead.
package struct KeyRotationPolicy: Sendable, Equatable {
    package static let defaultLead: Int64 = 600
    package static let defaultRetirementLeeway: Int64 = 30
    package static let defaultJWKSMaxAge: Int64 = 300
    package static let pollSeconds: Int64 = 10

    /// Seconds between `keys rotate` and the new key signing.
    package var lead: Int64
    /// Seconds added to `tokens.ttl` before a superseded key retires.
    package var retirementLeeway: Int64

    package init(lead: Int64 = defaultLead, retirementLeeway: Int64 = defaultRetirementLeeway) {
        self.lead = max(0, lead)
        self.retirementLeeway = max(0, retirementLeeway)
    }

    /// `max-age` of the JWKS response: never longer than the pre-publication lead.
    package var jwksMaxAge: Int64 { min(Self.defaultJWKSMaxAge, lead) }

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

/// `keys.rotation:` — scheduled rotation of the signing key. `every` zero (or the section
/// omitted) leaves rotation to `tessera keys rotate`.
package struct KeyRotationConfig: Sendable, Equatable {
    /// How long the newest key signs before the next one is made; zero turns the schedule off.
    package var every: Duration
    /// How long a new key is in the JWKS before it signs.
    package var publishAhead: Duration
    /// How long a key stays published after the last token it signed has expired.
    package var retain: Duration

    package init(every: Duration = .zero, publishAhead: Duration = .seconds(3600), retain: Duration = .seconds(3600)) {
        self.every = every
        self.publishAhead = publishAhead
        self.retain = retain
    }

    /// True when keys are made on a schedule.
    package var isScheduled: Bool { every > .zero }
}

extension KeyRotationConfig {
    static let keys = ["every", "publish_ahead", "retain"]

    /// `publish_ahead` must be positive: a key that signs the moment it is made is one no cached
    /// JWKS holds. `publish_ahead` longer than `every` is allowed: the next key is made only once
    /// the newest one has signed for `every`, so keys never pile up ahead of their activation.
    init(_ section: ConfigSection) throws(ConfigError) {
        let defaults = KeyRotationConfig()
        self.init(
            every: try section.duration("every", default: defaults.every, minimum: .zero),
            publishAhead: try section.duration("publish_ahead", default: defaults.publishAhead),
            retain: try section.duration("retain", default: defaults.retain, minimum: .zero))
        if every > .zero, every < .seconds(1) {
            throw section.error("every", "must be 0 (no schedule) or at least 1s, got \(every.configText)")
        }
        if publishAhead < .seconds(1) {
            throw section.error("publish_ahead", "must be at least 1s, got \(publishAhead.configText)")
        }
    }
}

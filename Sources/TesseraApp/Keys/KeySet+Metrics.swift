import Glibc

extension KeySet {
    /// The key-age gauges: how long the signing key has signed, and when the schedule makes the
    /// next key (the newest key's activation + `keys.rotation.every`; absent without a schedule).
    /// An alert compares the two: a key older than twice `every` means the schedule is stuck.
    func renderMetrics(into out: inout String) {
        guard let signerActivation else { return }
        let now = Int64(time(nil))
        out += "# HELP tessera_signing_key_age_seconds Seconds since the signing key started signing.\n"
        out += "# TYPE tessera_signing_key_age_seconds gauge\n"
        out += "tessera_signing_key_age_seconds \(max(0, now - signerActivation))\n"
        guard let nextRotation else { return }
        out += "# HELP tessera_signing_key_next_rotation_timestamp_seconds When the schedule makes the next key: the newest key's activation plus keys.rotation.every.\n"
        out += "# TYPE tessera_signing_key_next_rotation_timestamp_seconds gauge\n"
        out += "tessera_signing_key_next_rotation_timestamp_seconds \(nextRotation)\n"
    }
}

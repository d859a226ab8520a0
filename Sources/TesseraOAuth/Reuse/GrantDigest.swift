import TesseraCore
import TesseraJOSE

/// The 64-bit digest a reuse key (`TokenGrantKey`) is hashed by: the client id, the scope string
/// and the audience key each folded once under a seed drawn at start-up (`part`), then combined
/// with a few multiplies. A client precomputes the parts of its own id, scopes and audiences
/// (`GrantParts`), so a warm request's key costs the combine and no pass over a string.
///
/// The digest only spreads keys over shards and buckets: equal digests are never taken for equal
/// keys (`TokenGrantKey.==` compares every field exactly). The seed keeps bucket positions
/// unpredictable; a binding, which the requester chooses (a DPoP key), goes in through SipHash
/// under a key drawn at start-up, so no choice of keys can pile entries into one bucket.
package enum GrantDigest {
    private static let seed: UInt64 = UInt64.random(in: 1...UInt64.max)
    private static let bindingKey = SipHashKey.random()
    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// One component (client id, scope string, audience key) folded under the seed.
    package static func part(_ text: String) -> UInt64 {
        ExactString.fold(text, into: seed)
    }

    /// The digest of an unbound grant from its three parts (order matters).
    @inline(__always)
    package static func combine(client: UInt64, scope: UInt64, audience: UInt64) -> UInt64 {
        var word = (client ^ (scope >> 7 | scope << 57)) &* multiplier
        word ^= word >> 29
        word = (word ^ audience) &* multiplier
        return word ^ word >> 32
    }

    /// The digest of a bound grant: the unbound one with its binding and the binding's kind.
    package static func bound(_ digest: UInt64, binding: Digest32, kind: BindingKind) -> UInt64 {
        var words = (binding.w0, binding.w1, binding.w2, binding.w3, UInt64(kind.rawValue))
        let tag = withUnsafeBytes(of: &words) { bindingKey.mac(UnsafeRawBufferPointer(rebasing: $0[0..<33])) }
        return combine(client: digest, scope: tag.w0, audience: tag.w1)
    }

    /// The digest as a bucket position for `seed` (a dictionary's own, 0 for `hashValue`):
    /// already keyed and mixed, so one multiply spreads it instead of a SipHash round.
    @inline(__always)
    package static func spread(_ digest: UInt64, seed: Int) -> Int {
        Int(truncatingIfNeeded: (digest ^ UInt64(truncatingIfNeeded: seed)) &* multiplier)
    }
}

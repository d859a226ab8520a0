/// One status list as this node serves it: its bits (1 = invalid), how long it must be served,
/// and the signed Status List Token prepared from the bits (re-signed when a bit changes, the
/// signing key changes, or the token nears its `exp`).
struct StatusListState {
    var bits: [UInt8]
    /// The latest `exp` of a token that may hold an index in it.
    var expiresAt: Int64
    /// Bumped by every bit set; a signature made from an older copy is not installed.
    var version: UInt64 = 1
    var signedVersion: UInt64 = 0
    var signedAt: Int64 = 0
    var signerKeyID = ""
    /// The compact JWS served, empty until first signed.
    var prepared: [UInt8] = []

    init(size: Int, expiresAt: Int64) {
        bits = [UInt8](repeating: 0, count: (size + 7) / 8)
        self.expiresAt = expiresAt
    }

    /// Sets bit `index % 8` of byte `index / 8`; false when it was set already (or is out of range).
    mutating func set(_ index: Int64) -> Bool {
        guard index >= 0, index / 8 < Int64(bits.count) else { return false }
        let mask = UInt8(1) << UInt8(index % 8)
        let byte = Int(index / 8)
        guard bits[byte] & mask == 0 else { return false }
        bits[byte] |= mask
        version &+= 1
        return true
    }

    func needsSigning(now: Int64, ttl: Int64, keyID: String) -> Bool {
        signedVersion != version || signerKeyID != keyID || now >= signedAt + ttl
    }
}

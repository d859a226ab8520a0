/// The address a request came from (`remote` in the access log: the peer, or for a peer in
/// `server.trusted_proxies` the client it forwards for), as the failure limits key it. OAuth never
/// sees HTTP: the App module fills this in from the request. The port is left out on purpose: a
/// client opens connections from many ports.
package struct SourceAddress: Sendable, Hashable {
    /// 4 (IPv4), 6 (IPv6), or 0 when unknown (unit tests, a request served without a socket).
    package var family: UInt8
    /// The address bytes in network order, as two words; IPv4 uses the first 4 bytes.
    package var high: UInt64
    package var low: UInt64

    package static let unknown = SourceAddress(family: 0, high: 0, low: 0)

    package init(family: UInt8, high: UInt64, low: UInt64) {
        self.family = family
        self.high = high
        self.low = low
    }
}

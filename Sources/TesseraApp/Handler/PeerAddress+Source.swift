import TesseraHTTP
import TesseraOAuth

extension PeerAddress {
    /// The address as the failure limits key it: no port (a client connects from many), an
    /// IPv4-mapped address as its IPv4 address (`unmapped`, not the /64 every such client
    /// shares), and an IPv6 address by its /64, the block one host or site is usually given:
    /// keyed by /128, one attacker with a /64 had 2^64 allowances of failures.
    var source: SourceAddress {
        let address = unmapped
        return SourceAddress(family: address.family, high: address.bytes.0, low: address.family == 6 ? 0 : address.bytes.1)
    }
}

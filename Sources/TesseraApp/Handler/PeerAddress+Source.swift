import TesseraHTTP
import TesseraOAuth

extension PeerAddress {
    /// The address as the failure limits key it (no port: a client connects from many).
    var source: SourceAddress {
        SourceAddress(family: family, high: bytes.0, low: bytes.1)
    }
}

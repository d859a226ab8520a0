/// The `DPoP` header of one token request, as sent.
package struct PresentedProof: Sendable, Equatable {
    package var bytes: [UInt8]

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }
}

/// The three segments of a compact JWS (RFC 7515 §7.1) as byte ranges into the token,
/// found without copying.
package struct TokenParts: Hashable, Sendable {
    /// Tokens larger than this are rejected before any decoding.
    package static let maximumSize = 8 * 1024

    package let header: Range<Int>
    package let payload: Range<Int>
    package let signature: Range<Int>

    /// `header.payload`, the bytes the signature covers.
    package var signingInput: Range<Int> { header.lowerBound..<payload.upperBound }

    /// Splits `token` at its two dots.
    /// - Throws: `malformedToken` when it is empty or over 8 KiB, does not have exactly three
    ///   parts, or has an empty part.
    package init(_ token: UnsafeRawBufferPointer) throws(JOSEError) {
        guard token.count <= Self.maximumSize else { throw .malformedToken("larger than \(Self.maximumSize) bytes") }
        var dots: (Int, Int) = (-1, -1)
        var count = 0
        for index in 0..<token.count where token[index] == UInt8(ascii: ".") {
            switch count {
            case 0: dots.0 = index
            case 1: dots.1 = index
            default: throw .malformedToken("more than three parts")
            }
            count += 1
        }
        guard count == 2 else { throw .malformedToken("fewer than three parts") }
        header = 0..<dots.0
        payload = (dots.0 + 1)..<dots.1
        signature = (dots.1 + 1)..<token.count
        guard !header.isEmpty, !payload.isEmpty, !signature.isEmpty else { throw .malformedToken("empty part") }
    }

    /// Splits a token held in an array.
    package init(_ token: [UInt8]) throws(JOSEError) {
        var result: Result<TokenParts, JOSEError> = .failure(.malformedToken("empty"))
        token.withUnsafeBytes { bytes in
            do throws(JOSEError) { result = .success(try TokenParts(bytes)) } catch { result = .failure(error) }
        }
        self = try result.get()
    }
}

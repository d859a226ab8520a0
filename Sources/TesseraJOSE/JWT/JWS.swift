/// Compact JWS (RFC 7515 §7.1) from a header and a payload given as JSON bytes: for the
/// documents Tessera signs besides access tokens (RFC 9701 introspection responses).
package enum JWS {
    /// `base64url(header).base64url(payload).base64url(signature)`.
    package static func compact(header: [UInt8], payload: [UInt8], signer: any JWSSigner) throws(JOSEError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Base64URL.encodedLength(header.count + payload.count) + 400)
        header.withUnsafeBytes { Base64URL.encode($0, into: &out) }
        out.append(UInt8(ascii: "."))
        payload.withUnsafeBytes { Base64URL.encode($0, into: &out) }
        var signature: [UInt8] = []
        var failure: JOSEError?
        out.withUnsafeBytes { input in
            do throws(JOSEError) { try signer.sign(input, appendingTo: &signature) } catch { failure = error }
        }
        if let failure { throw failure }
        out.append(UInt8(ascii: "."))
        signature.withUnsafeBytes { Base64URL.encode($0, into: &out) }
        return out
    }

    /// `{"alg":"...","typ":"<type>","kid":"..."}` for `signer`.
    package static func header(type: String, signer: any JWSSigner) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter.appendRaw("{\"alg\":", to: &out)
        JSONWriter.appendString(signer.algorithm.rawValue, to: &out)
        JSONWriter.appendRaw(",\"typ\":", to: &out)
        JSONWriter.appendString(type, to: &out)
        JSONWriter.appendRaw(",\"kid\":", to: &out)
        JSONWriter.appendString(signer.keyID.value, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}

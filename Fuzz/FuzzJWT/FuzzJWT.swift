import FuzzDriver
import Foundation
import TesseraJOSE

/// Fuzzes the JWT path of introspection and `token inspect`: splitting, base64url, the JSON
/// parser, the claims reader and `KeyRing.verify` with a ring of one Ed25519 and one HS256 key.
///
/// The first byte picks what the rest is:
/// - 0: a whole compact token, verified as received (signatures will rarely match, so this
///   mostly reaches the header checks);
/// - 1: claims JSON, sent with a correct HS256 header for the ring's key, signed and verified, so
///   every check after the signature (claims, times, issuer) sees fuzzed input;
/// - 2: a header and claims JSON separated by NUL, encoded, signed with the HS256 key, verified;
/// - other: a JSON document, parsed and read as claims.
///
/// Every input must finish within `timeBound` (contract rule 6: work is linear in the input;
/// inputs are at most 4 KiB, so even a sanitizer build needs well under a millisecond): a slow
/// input is a finding, like a crash.
enum FuzzJWT {
    /// Longest time one input may take, in nanoseconds; `FUZZ_INPUT_MS` overrides the 1,000 ms (an ASan build on a busy CI machine took 51 ms for 375 bytes).
    static let timeBound: UInt64 = {
        let milliseconds = ProcessInfo.processInfo.environment["FUZZ_INPUT_MS"].flatMap { UInt64($0) } ?? 1000
        return milliseconds * 1_000_000
    }()

    static let hmac = try! HS256Key(secret: Array("fuzzing-secret-fuzzing-secret-32bytes!".utf8))
    static let ed25519 = try! Ed25519PrivateKey(seed: Array(repeating: 7, count: 32))
    static let ring = KeyRing(signer: hmac, verifiers: [hmac, ed25519.publicKey], jwks: JWKSet(keys: [ed25519.publicKey.jwk]))
    static let now: Int64 = 1_800_000_000

    static func run(_ input: UnsafeRawBufferPointer) {
        // Keys and ring are built before the clock starts: the first input pays for them.
        _ = (ring, header, timeBound)
        let start = DispatchTime.now().uptimeNanoseconds
        dispatch(input)
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        FuzzDriver.check(elapsed <= timeBound, "an input of \(input.count) bytes took \(elapsed / 1000) us (bound \(timeBound / 1000) us)")
    }

    static func dispatch(_ input: UnsafeRawBufferPointer) {
        guard let mode = input.first else { return }
        let rest = UnsafeRawBufferPointer(rebasing: input[1...])
        switch mode {
        case 0:
            verify(rest)
        case 1:
            header.withUnsafeBytes { signAndVerify(header: $0, claims: rest) }
        case 2:
            let split = rest.firstIndex(of: 0) ?? rest.count
            signAndVerify(
                header: UnsafeRawBufferPointer(rebasing: rest[..<split]),
                claims: UnsafeRawBufferPointer(rebasing: rest[min(split + 1, rest.count)...]))
        default:
            if let value = try? JSONValue.parse(rest) {
                _ = AccessTokenClaims.from(value)
                _ = value == value
            }
        }
    }

    static let header = TokenSigner.headerJSON(algorithm: .HS256, keyID: hmac.keyID)

    static func signAndVerify(header: UnsafeRawBufferPointer, claims: UnsafeRawBufferPointer) {
        var token: [UInt8] = []
        Base64URL.encode(header, into: &token)
        token.append(UInt8(ascii: "."))
        Base64URL.encode(claims, into: &token)
        var signature: [UInt8] = []
        let signingInput = UnsafeMutableRawBufferPointer.allocate(byteCount: token.count, alignment: 1)
        defer { signingInput.deallocate() }
        signingInput.copyBytes(from: token)
        do {
            try hmac.sign(UnsafeRawBufferPointer(signingInput), appendingTo: &signature)
        } catch {
            fatalError("HS256 signing failed: \(error)")
        }
        token.append(UInt8(ascii: "."))
        signature.withUnsafeBytes { Base64URL.encode($0, into: &token) }
        token.withUnsafeBytes { verify($0) }
    }

    static func verify(_ token: UnsafeRawBufferPointer) {
        _ = try? TokenParts(token)
        if case .success(let verified) = ring.verify(token: token, now: now, expectedIssuer: "https://issuer.test") {
            FuzzDriver.check(verified.claims.expiresAt > now, "an expired token verified")
            FuzzDriver.check(verified.claims.issuer == "https://issuer.test", "wrong issuer verified")
        }
    }
}

@main
enum Main {
    static func main() { FuzzDriver.main(FuzzJWT.run) }
}

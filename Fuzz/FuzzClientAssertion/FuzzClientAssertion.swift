import Foundation
import FuzzDriver
import TesseraJOSE
import TesseraOAuth

/// Fuzzes the JWTs a client sends: the private_key_jwt path (RFC 7523): `ClientAssertion.parse`,
/// `ClientAssertion.subject` and `ClientAssertionRules.check` against a client with one Ed25519 key,
/// `ClientKeySet.parse` (a client's registered JWK Set); and DPoP proofs (RFC 9449):
/// `DPoPProof.verify` (the key comes from the proof itself), `DPoPRules.check`, `TargetURI`.
///
/// The first byte picks what the rest is:
/// - 0: a whole assertion as received;
/// - 1: claims JSON, signed with the client's key under a fixed EdDSA header, so the claim checks
///   after the signature see fuzzed input;
/// - 3: a whole DPoP proof as received (the `DPoP` header);
/// - 4: DPoP claims JSON, signed under a fixed `dpop+jwt` header carrying the key's `jwk`;
/// - 5: an `htu`, normalised (which must be idempotent);
/// - other: a JWK Set document.
///
/// Every input must finish within 1,000 ms (`FUZZ_INPUT_MS`): a slow input is a finding.
enum FuzzClientAssertion {
    static let key = try! Ed25519PrivateKey(seed: Array(repeating: 9, count: 32))
    static let keys = ClientKeySet(keys: [key.publicKey])
    static let rules = ClientAssertionRules(issuer: "https://issuer.test")
    static let now: Int64 = 1_800_000_000
    static let timeBound: UInt64 = {
        let milliseconds = ProcessInfo.processInfo.environment["FUZZ_INPUT_MS"].flatMap { UInt64($0) } ?? 1000
        return milliseconds * 1_000_000
    }()
    static let header = Base64URL.encode(Array(#"{"alg":"EdDSA"}"#.utf8))

    static func run(_ input: UnsafeRawBufferPointer) {
        _ = (keys, rules, timeBound, header, FuzzDPoP.header)
        let start = DispatchTime.now().uptimeNanoseconds
        dispatch(input)
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        FuzzDriver.check(elapsed <= timeBound, "an input of \(input.count) bytes took \(elapsed / 1000) us")
    }

    static func dispatch(_ input: UnsafeRawBufferPointer) {
        guard let mode = input.first else { return }
        let rest = Array(input[1...])
        switch mode {
        case 0:
            check(rest)
        case 1:
            var token = Array(header.utf8) + [UInt8(ascii: ".")]
            rest.withUnsafeBytes { Base64URL.encode($0, into: &token) }
            var signature: [UInt8] = []
            token.withUnsafeBytes { try! key.sign($0, appendingTo: &signature) }
            token.append(UInt8(ascii: "."))
            signature.withUnsafeBytes { Base64URL.encode($0, into: &token) }
            check(token)
        case 3:
            FuzzDPoP.check(rest)
        case 4:
            FuzzDPoP.check(FuzzDPoP.signed(claims: rest))
        case 5:
            FuzzDPoP.normalize(rest)
        default:
            if let parsed = try? ClientKeySet.parse(json: rest) {
                FuzzDriver.check(!parsed.keys.isEmpty && parsed.keys.count <= ClientKeySet.maximumKeys, "key count")
            }
        }
    }

    static func check(_ bytes: [UInt8]) {
        _ = ClientAssertion.subject(of: bytes)
        guard let assertion = try? ClientAssertion.parse(bytes) else { return }
        if (try? rules.check(assertion, bytes: bytes, clientID: "svc", keys: keys, now: now)) != nil {
            FuzzDriver.check(assertion.issuer == "svc" && assertion.subject == "svc", "iss/sub not the client")
            FuzzDriver.check((assertion.expiresAt ?? 0) > now, "an expired assertion passed")
            FuzzDriver.check((assertion.expiresAt ?? 0) <= now + 3630, "an assertion too far ahead passed")
        }
    }
}

@main
enum Main {
    static func main() { FuzzDriver.main(FuzzClientAssertion.run) }
}

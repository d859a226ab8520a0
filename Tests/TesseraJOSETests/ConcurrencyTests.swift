import Dispatch
import Foundation
import Testing
@testable import TesseraJOSE

struct ConcurrencyTests {
    @Test(arguments: [JWSAlgorithm.EdDSA, .HS256])
    func signingFromEightThreadsAtOnceGivesValidSignatures(algorithm: JWSAlgorithm) throws {
        let ring = try Fixtures.ring(try Ed25519PrivateKey.generate(), algorithm: algorithm)
        let perThread = 200
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            var scratch: [UInt8] = []
            var out: [UInt8] = []
            for i in 0..<perThread {
                out.removeAll(keepingCapacity: true)
                var claims = Fixtures.claims()
                claims.jwtID = "\(thread)-\(i)"
                do {
                    try ring.signer.appendToken(claims: claims, into: &out, scratch: &scratch)
                    let verified = try ring.verify(token: out, now: Fixtures.now, expectedIssuer: Fixtures.issuer).get()
                    if verified.claims.jwtID != claims.jwtID { failures.add() }
                } catch {
                    failures.add()
                }
            }
        }
        #expect(failures.value == 0)
    }

    /// Not a pass/fail check: prints tokens/s and bare signatures/s to compare with
    /// `openssl speed ed25519` (TESSERA_BENCH=1, or =short to sign 20-byte inputs like it does).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TESSERA_BENCH"] != nil))
    func signingThroughput() throws {
        let signer = TokenSigner(try Ed25519PrivateKey.generate())
        var scratch: [UInt8] = []
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        let claims = Fixtures.claims(aud: ["api"])
        let count = 20_000
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<count {
            out.removeAll(keepingCapacity: true)
            try signer.appendToken(claims: claims, into: &out, scratch: &scratch)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("Ed25519 access tokens: \(Int(Double(count) / seconds)) per second")
        let input = ProcessInfo.processInfo.environment["TESSERA_BENCH"] == "short" ? Array(out.prefix(20)) : out
        var signature: [UInt8] = []
        signature.reserveCapacity(64)
        let rawStart = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<count {
            signature.removeAll(keepingCapacity: true)
            try input.withUnsafeBytes { try signer.signer.sign($0, appendingTo: &signature) }
        }
        let rawSeconds = Double(DispatchTime.now().uptimeNanoseconds - rawStart) / 1e9
        print("Ed25519 raw signatures: \(Int(Double(count) / rawSeconds)) per second")
    }
}

/// A thread-safe counter for the concurrency test.
final class Counter: @unchecked Sendable {
    // @unchecked: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

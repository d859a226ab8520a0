import Foundation
import Testing
import TesseraTesting

/// The time to a 401 must not tell who has a chosen secret. A wrong secret for a
/// PBKDF2 client used to take one slow hash (~350 ms, `Server-Timing: hash;dur=...`), an unknown
/// id or a generated-secret client well under a millisecond. Every refusal is now answered no
/// earlier than one floor after it arrived, and names no step. The floor may rise during the run
/// (a refusal slower than it, on a loaded machine, raises it for everyone), so each response's
/// time is taken relative to the floor it reports in `Server-Timing`.
@Suite(.serialized)
struct RefusalTimingTests {
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    @Test func refusalsTakeTheSameTimeWhoeverIsRefused() throws {
        let generated = try TestClient.generated("generated", scopes: ["read"], audiences: ["api"])
        let chosen = try TestClient.hashed("chosen", secret: "a secret a person chose", scopes: ["read"], audiences: ["api"])
        let server = try TesseraProcess.start(ServerSetup(clients: [generated, chosen]))
        defer { server.stop() }
        let connection = try RawClient(port: server.port, timeout: 10)
        let ids = ["nobody", "generated", "chosen"]
        var times: [String: [Double]] = [:]
        var relative: [String: [Double]] = [:]
        var timings: Set<String> = []
        for _ in 0..<4 {
            for id in ids {
                let start = Date()
                let response = try connection.exchange(TokenRequest(.basic(id: id, secret: "wrong")).text)
                let elapsed = Date().timeIntervalSince(start)
                times[id, default: []].append(elapsed)
                Expect.oauthError(response, status: 401, error: "invalid_client")
                let timing = response.header("Server-Timing") ?? "none"
                timings.insert(timing)
                let floor = try #require(Double(timing.replacingOccurrences(of: "local;dur=", with: "")), "\(timing)") / 1000
                relative[id, default: []].append(elapsed / floor)
            }
        }
        let medians = ids.map { Self.median(times[$0]!) }
        let ratios = ids.map { Self.median(relative[$0]!) }
        let spread = (ratios.max()! - ratios.min()!) / ratios.max()!
        print("401 medians: \(zip(ids, medians).map { "\($0)=\(String(format: "%.1f", $1 * 1000))ms" }.joined(separator: " "))"
              + ", of the floor: \(zip(ids, ratios).map { "\($0)=\(String(format: "%.3f", $1))" }.joined(separator: " "))")
        #expect(spread < 0.1, "medians \(zip(ids, medians).map { "\($0)=\(Int($1 * 1000))ms" }), of the floor \(ratios)")
        // Never before the floor, whoever is refused.
        for id in ids { #expect(relative[id]!.allSatisfy { $0 >= 0.99 }, "\(id): \(relative[id]!)") }
        // One Server-Timing shape for every refusal, naming no step that tells the paths apart (the
        // floor it names may change once, when it is measured after the start).
        let shape = try NSRegularExpression(pattern: #"^local;dur=[0-9.]+$"#)
        for timing in timings {
            #expect(shape.firstMatch(in: timing, range: NSRange(timing.startIndex..., in: timing)) != nil, "\(timings)")
        }
        // A refusal is held by the event loop's timer, not a thread: others are served meanwhile.
        let held = try RawClient(port: server.port, timeout: 10)
        defer { held.close() }
        try held.write(TokenRequest(.basic(id: "nobody", secret: "wrong")).text)
        let start = Date()
        _ = try server.token(.basic(generated))
        let served = Date().timeIntervalSince(start)
        #expect(served < medians.min()! / 2, "a token took \(served) s while a refusal was held")
        Expect.oauthError(try held.readResponse(), status: 401, error: "invalid_client")
        // The right secret still passes, with its steps named.
        let ok = try connection.exchange(TokenRequest.basic(chosen).text)
        #expect(ok.status == 200 && ok.serverTimingSteps.contains("hash"), "\(ok)")
    }
}

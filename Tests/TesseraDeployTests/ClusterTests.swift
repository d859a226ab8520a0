import Foundation
import Testing

/// scripts/cluster: the compose topology on loopback (two nodes behind nginx, Redis,
/// PostgreSQL), driven as an operator would: up, a token through nginx, introspected through
/// each node, status, down. Runs the debug `tessera` built next to this test runner.
@Suite(.serialized) struct ClusterTests {
    static let tools = ["nginx", "redis-server", "curl"]
    static var toolsInstalled: Bool {
        tools.allSatisfy { Tool.which($0) != nil } && FileManager.default.fileExists(atPath: "/usr/lib/postgresql")
    }

    /// The `tessera` next to the test runner (`TESSERA_BINARY` overrides).
    static var binary: String? {
        if let override = ProcessInfo.processInfo.environment["TESSERA_BINARY"] { return override }
        guard let runner = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var folder = URL(fileURLWithPath: runner).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("tessera").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    struct Cluster {
        let directory: String
        let binary: String

        func run(_ command: String) throws -> Tool.Outcome {
            try Tool.run(Tool.file("scripts/cluster").path, [command], environment: [
                "TESSERA_CLUSTER_DIR": directory, "TESSERA_BINARY": binary, "TESSERA_CLUSTER_PORT": "18380",
                // The cluster's Redis and PostgreSQL pick free ports of their own.
                "TESSERA_REDIS_PORT": nil, "TESSERA_POSTGRES_PORT": nil, "TESSERA_SERVICES_STATE": nil, "TESSERA_CONFIG": nil,
            ], timeout: 180)
        }
    }

    static func curl(_ arguments: [String]) throws -> (status: Int32, body: String) {
        let curl = try #require(Tool.which("curl"))
        let outcome = try Tool.run(curl, ["-s", "-m", "10"] + arguments, timeout: 30)
        return (outcome.status, outcome.stdout)
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// `tessera_http_requests_total{endpoint="token",status="200"}` of one node.
    static func tokensAnswered(_ node: String) throws -> Double {
        let metrics = try curl(["\(node)/metrics"]).body
        let line = metrics.split(separator: "\n").first { $0.hasPrefix(#"tessera_http_requests_total{endpoint="token",status="200"}"#) }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
    }

    @Test(.requires(toolsInstalled, "nginx, redis-server, postgresql or curl is not installed"))
    func upIssuesThroughNginxIntrospectsOnEachNodeAndDownCleansUp() throws {
        #expect(Self.toolsInstalled, "scripts/cluster needs \(Self.tools.joined(separator: ", ")) and postgresql (scripts/test installs them)")
        let binary = try #require(Self.binary, "no tessera binary next to the test runner")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cluster-test-\(UUID().uuidString.prefix(8))").path
        let cluster = Cluster(directory: directory, binary: binary)
        defer { _ = try? cluster.run("down") }

        let up = try cluster.run("up")
        try #require(up.status == 0, "scripts/cluster up: \(up.stderr)")
        var urls: [String: String] = [:]
        for line in up.stdout.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            urls[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        let nginx = try #require(urls["TESSERA_CLUSTER_URL"]), node1 = try #require(urls["TESSERA_CLUSTER_NODE1_URL"])
        let node2 = try #require(urls["TESSERA_CLUSTER_NODE2_URL"])
        let id = try #require(urls["TESSERA_CLUSTER_CLIENT_ID"]), secret = try #require(urls["TESSERA_CLUSTER_CLIENT_SECRET"])
        #expect([nginx, node1, node2].allSatisfy { $0.hasPrefix("http://127.0.0.1:") })
        #expect(urls["TESSERA_CLUSTER_REDIS_URL"]?.hasPrefix("redis://127.0.0.1:") == true)
        #expect(urls["TESSERA_CLUSTER_DATABASE_URL"]?.contains("@127.0.0.1:") == true)

        // A token through nginx, for the client that `up` added to PostgreSQL.
        let issued = try Self.curl(["-u", "\(id):\(secret)", "-d", "grant_type=client_credentials", "\(nginx)/oauth/token"])
        let token = try #require(Self.json(issued.body)["access_token"] as? String, "token through nginx: \(issued.body)")
        // Introspected through each node directly: both share the key directory and PostgreSQL.
        for node in [node2, node1] {
            let answer = Self.json(try Self.curl(["-u", "\(id):\(secret)", "-d", "token=\(token)", "\(node)/oauth/introspect"]).body)
            #expect(answer["active"] as? Bool == true, "\(node): \(answer)")
            #expect(answer["client_id"] as? String == id)
            #expect(answer["iss"] as? String == nginx, "the issuer is the load balancer's URL")
        }
        // nginx spreads requests over both nodes.
        for _ in 0..<6 {
            _ = try Self.curl(["-u", "\(id):\(secret)", "-d", "grant_type=client_credentials", "\(nginx)/oauth/token"])
        }
        #expect(try Self.tokensAnswered(node1) > 0 && Self.tokensAnswered(node2) > 0, "one node answered no token request")

        let status = try cluster.run("status")
        #expect(status.status == 0, "\(status.output)")
        for piece in ["redis", "postgres", "node1", "node2", "nginx"] {
            #expect(status.stdout.split(separator: "\n").contains { $0.hasPrefix(piece) && $0.contains(" up ") },
                    "status has no up line for \(piece): \(status.stdout)")
        }

        let down = try cluster.run("down")
        #expect(down.status == 0, "\(down.output)")
        #expect(try Self.curl(["\(nginx)/lb-health"]).status != 0, "nginx still answers after down")
        #expect(try Self.curl(["\(node1)/healthz"]).status != 0, "node 1 still answers after down")
        #expect(try Self.curl(["\(node2)/healthz"]).status != 0, "node 2 still answers after down")
        #expect(!FileManager.default.fileExists(atPath: directory), "down left \(directory)")
        #expect(try cluster.run("status").status != 0, "status after down says running")
    }
}

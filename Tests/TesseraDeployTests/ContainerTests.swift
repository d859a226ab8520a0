import Foundation
import Glibc
import Testing
import TesseraConfig

/// Dockerfile and docker-compose.yml, without a container engine: the build stage's context is
/// rebuilt from the repository's files (what a fresh clone has, less .dockerignore) and SwiftPM
/// loads the package there; compose is checked as YAML against what it refers to.
@Suite struct ContainerTests {
    /// The files a fresh clone has (tracked, plus new ones not ignored, while developing).
    static func cloneFiles() throws -> [String] {
        let git = try #require(Tool.which("git"), "git is required here")
        let outcome = try Tool.run(git, ["ls-files", "--cached", "--others", "--exclude-standard"])
        try #require(outcome.status == 0, "git ls-files: \(outcome.stderr)")
        return outcome.stdout.split(separator: "\n").map(String.init).filter {
            FileManager.default.fileExists(atPath: Tool.file($0).path)
        }
    }

    static func matches(_ pattern: String, _ path: String) -> Bool {
        fnmatch(pattern, path, FNM_PATHNAME) == 0 || path.hasPrefix(pattern + "/")
    }

    /// The build context: clone files not excluded by .dockerignore (patterns match the path or
    /// one of its leading folders).
    static func context() throws -> [String] {
        let ignore = try Tool.text(".dockerignore").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        return try cloneFiles().filter { path in
            let parts = path.split(separator: "/").map(String.init)
            return !ignore.contains { pattern in
                (1...parts.count).contains { matches(pattern, parts[0..<$0].joined(separator: "/")) }
            }
        }
    }

    /// The build stage's `COPY source... destination` lines (those without --from).
    static func buildStageCopies() throws -> [(sources: [String], destination: String)] {
        let lines = try Tool.text("Dockerfile").split(separator: "\n").map(String.init)
        let stages = lines.split { $0.hasPrefix("FROM ") }
        let build = try #require(stages.count >= 2 ? Array(stages[1]) : nil, "no build stage")
        return build.filter { $0.hasPrefix("COPY ") && !$0.contains("--from") }.map { line in
            let words = line.split(separator: " ").dropFirst().map(String.init)
            return (Array(words.dropLast()), words.last!)
        }
    }

    /// SwiftPM refuses a package whose target folders are missing (Tests/, Fuzz/), and the
    /// image once copied a Package.resolved that the repository does not have.
    @Test(.requires(Tool.which("swift") != nil, "swift is not on PATH"))
    func buildStageContextOfAFreshCloneLoadsAsAPackage() throws {
        let swift = try #require(Tool.which("swift"), "swift is required here")
        let context = try Self.context()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-docker-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        for copy in try Self.buildStageCopies() {
            var matched = false
            for source in copy.sources {
                let hits = context.filter { Self.matches(source, $0) }
                let isGlob = source.contains { "*?[".contains($0) }
                #expect(!hits.isEmpty || isGlob, "COPY \(source): not in a fresh clone's build context")
                for file in hits {
                    matched = true
                    let inside = file == source || !file.hasPrefix(source + "/") ? (file as NSString).lastPathComponent : String(file.dropFirst(source.count + 1))
                    let target = scratch.appendingPathComponent(copy.destination).appendingPathComponent(inside)
                    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try FileManager.default.copyItem(at: Tool.file(file), to: target)
                }
            }
            #expect(matched, "COPY \(copy.sources) copies nothing")
        }
        let outcome = try Tool.run(swift, ["package", "describe", "--type", "json"], directory: scratch, timeout: 300)
        #expect(outcome.status == 0, "swift package describe in the build context: \(outcome.stderr.suffix(2000))")
        #expect(outcome.stdout.contains("\"tessera\""), "no tessera product")
    }

    @Test func imageNamesTheConfigThroughTesseraConfig() throws {
        let lines = try Tool.text("Dockerfile").split(separator: "\n").map(String.init)
        let runtime = try #require(lines.split { $0.hasPrefix("FROM ") }.last)
        #expect(runtime.contains("ENV TESSERA_CONFIG=/etc/tessera/config.yaml"))
        #expect(runtime.contains { $0.hasPrefix("USER ") && !$0.contains("root") })
        #expect(!runtime.contains { $0.hasPrefix("CMD") && $0.contains("--config") }, "CMD repeats --config")
    }

    /// docker-compose.yml as the Compose file format reads it (merge keys resolved), checked
    /// for what `docker compose config` would refuse and for what the CLI needs.
    @Test(.requires(Tool.pythonHas("yaml"), "python3 with PyYAML is not installed"))
    func composeFileHangsTogether() throws {
        let python = try #require(Tool.python, "python3 is required here")
        let dump = try Tool.run(python, ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open('docker-compose.yml'))))"])
        try #require(dump.status == 0, "docker-compose.yml does not parse: \(dump.output)")
        let compose = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let services = try #require(compose["services"] as? [String: [String: Any]])
        let volumes = Set((compose["volumes"] as? [String: Any] ?? [:]).keys)
        for (name, service) in services {
            let dependencies = (service["depends_on"] as? [String: Any]).map { Array($0.keys) } ?? (service["depends_on"] as? [String] ?? [])
            for dependency in dependencies { #expect(services[dependency] != nil, "\(name) depends on unknown \(dependency)") }
            for mount in service["volumes"] as? [String] ?? [] {
                let source = String(mount.split(separator: ":")[0])
                if source.hasPrefix("./") {
                    #expect(FileManager.default.fileExists(atPath: Tool.file(source).path), "\(name) mounts missing \(source)")
                } else {
                    #expect(volumes.contains(source), "\(name) mounts undeclared volume \(source)")
                }
            }
            guard service["image"] as? String == "tessera:local" else { continue }
            let environment = service["environment"] as? [String: String] ?? [:]
            let config = try #require(environment["TESSERA_CONFIG"], "\(name): no TESSERA_CONFIG")
            let mounts = service["volumes"] as? [String] ?? []
            let configMount = try #require(mounts.first { $0.split(separator: ":").dropFirst().first.map(String.init) == config },
                                           "\(name): nothing mounted at \(config)")
            #expect(!(service["command"] as? [String] ?? []).contains("--config"), "\(name) repeats --config")
            // The mounted config loads once the environment compose gives is set.
            var env = environment
            env["POSTGRES_PASSWORD"] = "tessera"
            let file = String(configMount.split(separator: ":")[0])
            let loaded = try ConfigLoader.parse(yaml: Tool.text(file), file: file, environment: env.mapValues {
                $0.replacingOccurrences(of: "${POSTGRES_PASSWORD:-tessera}", with: "tessera")
            })
            #expect(loaded.database != nil && loaded.cache.redis != nil, "\(name)")
            // `docker compose stop` waits out the drain before SIGKILL (a replica, not the CLI).
            guard name != "migrate" else { continue }
            let drain = loaded.server.shutdownDelay + loaded.server.shutdownTimeout
            let grace = (service["stop_grace_period"] as? String).flatMap { Duration(configText: $0) }
            #expect(loaded.server.shutdownDelay > .zero, "\(name): no shutdown_delay for nginx to move away")
            #expect(grace.map { $0 > drain } == true, "\(name): stop_grace_period \(grace.map { "\($0)" } ?? "-") is not above \(drain)")
        }
        #expect((services["migrate"]?["command"] as? [String])?.first == "migrate")
        // nginx's upstreams are compose services.
        let nginx = try Tool.text("deploy/nginx.conf")
        for line in nginx.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("server ") && line.contains(":8080") {
            let host = line.trimmingCharacters(in: .whitespaces).dropFirst("server ".count).split(separator: ":")[0]
            #expect(services[String(host)] != nil, "nginx upstream \(host) is not a compose service")
        }
    }
}

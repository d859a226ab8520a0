import Foundation
import Testing
import TesseraConfig
import TesseraTesting
import Yams

/// deploy/kubernetes: every manifest passes kubernetes-validate (the Kubernetes OpenAPI schemas
/// it ships, strict: unknown fields are errors), and the pieces fit together.
@Suite struct KubernetesTests {
    static let manifests = [
        "configmap.yaml", "deployment.yaml", "service.yaml", "poddisruptionbudget.yaml",
        "horizontalpodautoscaler.yaml",
    ]
    static var validatorInstalled: Bool { Tool.pythonHas("kubernetes_validate") }
    static let folder = Tool.file("deploy/kubernetes")

    static func validate(_ files: [String], in directory: URL = folder) throws -> Tool.Outcome {
        let python = try #require(Tool.python, "python3 is required here")
        return try Tool.run(python, ["-m", "kubernetes_validate", "--strict", "--no-warn"] + files, directory: directory)
    }

    @Test(.requires(validatorInstalled, "kubernetes-validate is not installed (pip install kubernetes-validate)"))
    func everyManifestPassesKubernetesValidate() throws {
        #expect(Self.validatorInstalled, "kubernetes-validate is required here (scripts/test installs it): \(Tool.python ?? "no python3")")
        let all = Self.manifests + ["migrate-job.yaml"]
        let outcome = try Self.validate(all)
        #expect(outcome.status == 0, "\(outcome.output)")
        for manifest in all {
            #expect(outcome.output.contains("\(manifest) passed"), "\(manifest): \(outcome.output)")
        }
    }

    /// The validator really checks: a misspelled field fails it.
    @Test(.requires(validatorInstalled, "kubernetes-validate is not installed (pip install kubernetes-validate)"))
    func aMisspelledFieldFailsKubernetesValidate() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-k8s-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let broken = try Tool.text("deploy/kubernetes/deployment.yaml").replacingOccurrences(of: "readinessProbe:", with: "readynessProbe:")
        try Data(broken.utf8).write(to: scratch.appendingPathComponent("deployment.yaml"))
        let outcome = try Self.validate(["deployment.yaml"], in: scratch)
        #expect(outcome.status != 0, "\(outcome.output)")
    }

    static func load(_ name: String) throws -> [String: Any] {
        try #require(try Yams.load(yaml: Tool.text("deploy/kubernetes/\(name)")) as? [String: Any], "\(name) is not a mapping")
    }

    @Test func deploymentProbesResourcesAndSecurityContext() throws {
        let deployment = try Self.load("deployment.yaml")
        let pod = try #require(((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        func path(_ probe: String) -> String? { ((container[probe] as? [String: Any])?["httpGet"] as? [String: Any])?["path"] as? String }
        #expect(path("readinessProbe") == "/readyz")
        #expect(path("livenessProbe") == "/healthz")
        let resources = try #require(container["resources"] as? [String: Any])
        #expect(resources["requests"] != nil && resources["limits"] != nil, "\(resources)")
        let podSecurity = pod["securityContext"] as? [String: Any] ?? [:]
        let security = try #require(container["securityContext"] as? [String: Any])
        #expect(podSecurity["runAsNonRoot"] as? Bool == true || security["runAsNonRoot"] as? Bool == true)
        #expect(security["readOnlyRootFilesystem"] as? Bool == true)
        #expect(security["allowPrivilegeEscalation"] as? Bool == false)
    }

    static func podSpec() throws -> [String: Any] {
        let deployment = try Self.load("deployment.yaml")
        return try #require(((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
    }

    /// The Secrets the pods need and the keys of each, as the one-liners in kustomization.yaml
    /// create them (`kubectl create secret generic NAME --from-literal=KEY=... --from-file=DIR/`).
    static func documentedSecrets() throws -> [String: (literals: Set<String>, fromFile: Bool)] {
        var secrets: [String: (literals: Set<String>, fromFile: Bool)] = [:]
        for line in try Tool.text("deploy/kubernetes/kustomization.yaml").split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard let at = words.firstIndex(of: "generic"), words.count > at + 1, words.contains("create") else { continue }
            var entry = secrets[words[at + 1]] ?? ([], false)
            for word in words {
                if word.hasPrefix("--from-literal=") {
                    entry.literals.insert(String(word.dropFirst("--from-literal=".count).prefix { $0 != "=" }))
                }
                if word.hasPrefix("--from-file=") { entry.fromFile = true }
            }
            secrets[words[at + 1]] = entry
        }
        return secrets
    }

    /// Every container of the Deployment and of the migrate Job.
    static func podContainers() throws -> [[String: Any]] {
        let job = try Self.load("migrate-job.yaml")
        let jobPod = ((job["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any] ?? [:]
        var containers: [[String: Any]] = []
        for pod in [try Self.podSpec(), jobPod] {
            containers += (pod["containers"] as? [[String: Any]] ?? []) + (pod["initContainers"] as? [[String: Any]] ?? [])
        }
        return containers
    }

    /// No secret ships in the repository: nothing in the kustomization is a Secret, and every
    /// Secret key a pod reads (environment, not optional; or a volume) is one the documented
    /// one-liners create, so `kubectl apply -k` alone never runs a pod on a placeholder.
    @Test func secretsAreCreatedByTheOperatorNeverShipped() throws {
        let kustomization = try Self.load("kustomization.yaml")
        for resource in (kustomization["resources"] as? [String] ?? []) + ["migrate-job.yaml"] {
            #expect((try Self.load(resource))["kind"] as? String != "Secret", "\(resource) ships a Secret")
        }
        let documented = try Self.documentedSecrets()
        var referenced: Set<String> = []
        for container in try Self.podContainers() {
            for variable in container["env"] as? [[String: Any]] ?? [] {
                guard let reference = (variable["valueFrom"] as? [String: Any])?["secretKeyRef"] as? [String: Any] else { continue }
                let name = reference["name"] as? String ?? "", key = reference["key"] as? String ?? ""
                #expect(documented[name]?.literals.contains(key) == true, "\(variable["name"] ?? ""): \(name)/\(key) is created by no documented command")
                #expect(reference["optional"] as? Bool != true)
                referenced.insert("\(name)/\(key)")
            }
        }
        for volume in try Self.podSpec()["volumes"] as? [[String: Any]] ?? [] {
            guard let secret = volume["secret"] as? [String: Any] else { continue }
            #expect(documented[secret["secretName"] as? String ?? ""]?.fromFile == true, "volume \(volume["name"] ?? "") names an undocumented Secret")
            #expect(secret["optional"] as? Bool != true)
        }
        #expect(referenced.isSuperset(of: ["tessera-secrets/database-url", "tessera-secrets/redis-url", "tessera-secrets/key-encryption-key"]),
                "\(referenced)")
    }

    /// The Secret's encryption key as the kustomization's one-liner makes it: the text of its
    /// `--from-literal=key-encryption-key=...`, expanded by a shell.
    static func documentedEncryptionKey() throws -> String {
        let marker = "--from-literal=key-encryption-key="
        let line = try #require(try Tool.text("deploy/kubernetes/kustomization.yaml").split(separator: "\n").first { $0.contains(marker) },
                                "no one-liner creates key-encryption-key")
        var value = line[line.range(of: marker)!.upperBound...]
        if let next = value.range(of: " --") { value = value[..<next.lowerBound] }
        let made = try Tool.run("/bin/sh", ["-c", "printf %s \(value)"])
        #expect(made.status == 0, "\(value): \(made.output)")
        return made.stdout
    }

    /// Keys in the database: tokens are EdDSA (gateways verify them locally), the signing keys are
    /// kept in PostgreSQL encrypted under the Secret's key and rotated on a schedule, so every pod
    /// signs with the same keys and no pod needs a key file: no init container, no key volume,
    /// no HS256 secret. The documented command makes an encryption key the config accepts.
    @Test(.requires(Tool.which("openssl") != nil, "openssl is not installed"))
    func signingKeysLiveInTheDatabaseUnderTheSecretsEncryptionKey() throws {
        let generated = try Self.documentedEncryptionKey()
        #expect(generated.utf8.count >= 32, "the documented command makes \(generated.utf8.count) bytes")
        let loaded = try Self.loadedConfig(encryptionKey: generated)
        #expect(loaded.database != nil)
        #expect(loaded.keys.encryptionKeys == [generated])
        #expect((loaded.keys.rotation?.every ?? .zero) > .zero, "no keys.rotation.every: keys would rotate only by hand")
        #expect(loaded.tokens.algorithm == .EdDSA, "\(loaded.tokens.algorithm)")
        #expect(loaded.keys.hs256Secrets.isEmpty)
        let pod = try Self.podSpec()
        #expect((pod["initContainers"] as? [[String: Any]] ?? []).isEmpty, "no init container is needed: the keys are in PostgreSQL")
        let secretVolumes = (pod["volumes"] as? [[String: Any]] ?? []).filter { $0["secret"] != nil }
        #expect(secretVolumes.isEmpty, "no key files are mounted: \(secretVolumes)")
        // The environment variable the config names is the one the pod sets from the Secret.
        let configMap = try Self.load("configmap.yaml")
        let yaml = try #require((configMap["data"] as? [String: Any])?["config.yaml"] as? String)
        let env = (pod["containers"] as? [[String: Any]])?.first?["env"] as? [[String: Any]] ?? []
        let fromSecrets = Set(env.filter { $0["valueFrom"] != nil }.compactMap { $0["name"] as? String })
        #expect(yaml.contains("encryption_key: \"${TESSERA_KEY_ENCRYPTION_KEY}\"") && fromSecrets.contains("TESSERA_KEY_ENCRYPTION_KEY"))
    }

    /// The ConfigMap's config on a fresh PostgreSQL: after `tessera migrate`, two nodes started
    /// together make exactly one key between them, stored encrypted, and both publish it alone.
    @Test(.requires(TestServices.databaseURL != nil, Comment(rawValue: TestServices.skipMessage)))
    func twoPodsOnTheConfigMapSignWithOneStoredKey() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let folders = try (0..<2).map { _ in try TemporaryDirectory(prefix: "tessera-k8s-node") }
        defer { folders.forEach { $0.remove() } }
        let configMap = try Self.load("configmap.yaml")
        let yaml = try #require((configMap["data"] as? [String: Any])?["config.yaml"] as? String)
        let environment = [
            "TESSERA_DATABASE_URL": database.url,
            "TESSERA_REDIS_URL": TestServices.redisURL ?? "redis://127.0.0.1:1/0",
            "TESSERA_KEY_ENCRYPTION_KEY": String(repeating: "k", count: 48),
        ]
        for folder in folders {
            // Only the pod's paths move (state.directory to this node's folder), and no 5 s drain on stop.
            let local = yaml.replacingOccurrences(of: "/var/lib/tessera", with: folder.url.path)
                .replacingOccurrences(of: "shutdown_delay: 5s", with: "shutdown_delay: 0s")
            try Data(local.utf8).write(to: folder.file("config.yaml"))
        }
        let migrated = try TesseraBinary.run(["migrate", "--config", folders[0].file("config.yaml").path], environment: environment)
        #expect(migrated.status == 0, "\(migrated)")
        let nodes = try concurrently(2) { index in
            try TesseraProcess.start(arguments: ["serve", "--config", folders[index].file("config.yaml").path, "--listen", "127.0.0.1:0"],
                                     directory: folders[index], setup: ServerSetup(environment: environment))
        }
        defer { nodes.forEach { _ = $0.stop(removeDirectory: false) } }
        let published = try nodes.map { node in
            ((try node.get("/.well-known/jwks.json").json["keys"] as? [[String: Any]]) ?? []).compactMap { $0["kid"] as? String }
        }
        let rows = try database.query("SELECT kid, key_type, private_key FROM tessera_signing_keys")
        #expect(rows.count == 1, "\(rows.count) keys stored")
        let kid = String(rows.first?.split(separator: "|").first ?? "")
        #expect(published == [[kid], [kid]], "JWKS \(published), stored \(kid)")
        #expect(rows.first?.contains("ed25519") == true && rows.first?.contains("PRIVATE KEY") == false, "not an encrypted Ed25519 key")
    }

    /// The drain (server.shutdown_delay, then server.shutdown_timeout) ends before the kubelet's
    /// SIGKILL, and the delay covers the endpoint's removal.
    @Test func terminationGraceCoversTheDrain() throws {
        let loaded = try Self.loadedConfig()
        #expect(loaded.server.shutdownDelay >= .seconds(5), "\(loaded.server.shutdownDelay)")
        let grace = try #require(try Self.podSpec()["terminationGracePeriodSeconds"] as? Int)
        #expect(Duration.seconds(grace) > loaded.server.shutdownDelay + loaded.server.shutdownTimeout, "\(grace) s")
    }

    /// The ConfigMap's config.yaml as Tessera loads it, with the environment the Secrets give.
    static func loadedConfig(encryptionKey: String = String(repeating: "k", count: 64)) throws -> Config {
        let configMap = try Self.load("configmap.yaml")
        let yaml = try #require((configMap["data"] as? [String: Any])?["config.yaml"] as? String)
        return try ConfigLoader.parse(yaml: yaml, file: "configmap.yaml", environment: [
            "TESSERA_DATABASE_URL": "postgres://tessera:x@postgres:5432/tessera", "TESSERA_REDIS_URL": "redis://redis:6379/0",
            "TESSERA_KEY_ENCRYPTION_KEY": encryptionKey,
        ])
    }

    /// The config comes from the ConfigMap, mounted where TESSERA_CONFIG points, and loads with
    /// Tessera's own config loader once the Secret's variables are set; state.directory (where a
    /// node keeps revocations its stores could not take) is on a writable volume.
    @Test func theConfigComesFromTheConfigMap() throws {
        let pod = try Self.podSpec()
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let env = container["env"] as? [[String: Any]] ?? []
        let config = try #require(env.first { $0["name"] as? String == "TESSERA_CONFIG" }?["value"] as? String, "TESSERA_CONFIG is not set")
        let configMap = try Self.load("configmap.yaml")
        let configMapName = (configMap["metadata"] as? [String: Any])?["name"] as? String
        let volumes = pod["volumes"] as? [[String: Any]] ?? []
        let volume = try #require(volumes.first { ($0["configMap"] as? [String: Any])?["name"] as? String == configMapName })
        let mounts = container["volumeMounts"] as? [[String: Any]] ?? []
        let mount = try #require(mounts.first { $0["name"] as? String == volume["name"] as? String })
        let mountPath = try #require(mount["mountPath"] as? String)
        #expect(mount["readOnly"] as? Bool == true)
        #expect(config == mountPath + "/config.yaml", "TESSERA_CONFIG \(config) is not the ConfigMap's config.yaml under \(mountPath)")
        let loaded = try Self.loadedConfig()
        #expect(loaded.database != nil && loaded.cache.redis != nil)
        #expect(mounts.contains { loaded.state.directory.hasPrefix(($0["mountPath"] as? String ?? "/nonexistent") + "/") && $0["readOnly"] as? Bool != true },
                "state.directory \(loaded.state.directory) is on no writable volume")
    }

    @Test func serviceBudgetAndAutoscalerSelectTheDeployment() throws {
        let deployment = try Self.load("deployment.yaml")
        let labels = try #require(((((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["metadata"] as? [String: Any])?["labels"] as? [String: String]))
        let service = try Self.load("service.yaml")
        let budget = try Self.load("poddisruptionbudget.yaml")
        let autoscaler = try Self.load("horizontalpodautoscaler.yaml")
        let serviceSelector = (service["spec"] as? [String: Any])?["selector"] as? [String: String] ?? ["": ""]
        let budgetSelector = ((budget["spec"] as? [String: Any])?["selector"] as? [String: Any])?["matchLabels"] as? [String: String] ?? ["": ""]
        #expect(serviceSelector.allSatisfy { labels[$0.key] == $0.value })
        #expect(budgetSelector.allSatisfy { labels[$0.key] == $0.value })
        let target = (autoscaler["spec"] as? [String: Any])?["scaleTargetRef"] as? [String: Any]
        #expect(target?["kind"] as? String == "Deployment")
        #expect(target?["name"] as? String == (deployment["metadata"] as? [String: Any])?["name"] as? String)
        let kustomization = try Self.load("kustomization.yaml")
        #expect(Set(kustomization["resources"] as? [String] ?? []) == Set(Self.manifests))
    }
}

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

    @Test(.enabled(if: validatorInstalled || Tool.requireServices, "kubernetes-validate is not installed (pip install kubernetes-validate)"))
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
    @Test(.enabled(if: validatorInstalled || Tool.requireServices, "kubernetes-validate is not installed (pip install kubernetes-validate)"))
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

    /// No secret ships in the repository: nothing in the kustomization is a Secret, and every
    /// Secret a pod reads (environment or volume, not optional) is one the documented one-liners
    /// create, so `kubectl apply -k` alone never runs a pod on a placeholder.
    @Test func secretsAreCreatedByTheOperatorNeverShipped() throws {
        let kustomization = try Self.load("kustomization.yaml")
        for resource in kustomization["resources"] as? [String] ?? [] {
            #expect((try Self.load(resource))["kind"] as? String != "Secret", "\(resource) ships a Secret")
        }
        let documented = try Self.documentedSecrets()
        #expect(documented["tessera-keys"]?.fromFile == true, "no one-liner creates tessera-keys from key files: \(documented)")
        let pod = try Self.podSpec()
        let containers = (pod["containers"] as? [[String: Any]] ?? []) + (pod["initContainers"] as? [[String: Any]] ?? [])
        var referenced = 0
        for container in containers {
            for variable in container["env"] as? [[String: Any]] ?? [] {
                guard let reference = (variable["valueFrom"] as? [String: Any])?["secretKeyRef"] as? [String: Any] else { continue }
                let name = reference["name"] as? String ?? "", key = reference["key"] as? String ?? ""
                #expect(documented[name]?.literals.contains(key) == true, "\(variable["name"] ?? ""): \(name)/\(key) is created by no documented command")
                #expect(reference["optional"] as? Bool != true)
                referenced += 1
            }
        }
        for volume in pod["volumes"] as? [[String: Any]] ?? [] {
            guard let secret = volume["secret"] as? [String: Any] else { continue }
            #expect(documented[secret["secretName"] as? String ?? ""]?.fromFile == true, "volume \(volume["name"] ?? "") names an undocumented Secret")
            #expect(secret["optional"] as? Bool != true, "a pod must not start without its keys")
            referenced += 1
        }
        #expect(referenced >= 3, "database-url, redis-url and the keys")
    }

    /// Tokens are EdDSA (gateways verify them locally), signed with the key from the Secret: the
    /// config names no HS256 secret, and an init container copies the Secret's key files into
    /// keys.directory, failing (no `*.pem`) rather than letting a replica generate its own key.
    @Test func tokensAreSignedWithTheKeyFromTheSecret() throws {
        let loaded = try Self.loadedConfig()
        #expect(loaded.tokens.algorithm == .EdDSA, "\(loaded.tokens.algorithm)")
        #expect(loaded.keys.hs256Secret.isEmpty)
        let pod = try Self.podSpec()
        let keyVolume = try #require((pod["volumes"] as? [[String: Any]] ?? []).first { $0["secret"] != nil })
        let initContainer = try #require((pod["initContainers"] as? [[String: Any]])?.first, "no init container installs the keys")
        let mounts = initContainer["volumeMounts"] as? [[String: Any]] ?? []
        let source = try #require(mounts.first { $0["name"] as? String == keyVolume["name"] as? String }?["mountPath"] as? String)
        let command = (initContainer["command"] as? [String] ?? []).joined(separator: " ")
        #expect(command.contains("\(source)/*.pem") && command.contains(loaded.keys.directory) && command.contains("0600"), "\(command)")
    }

    /// The documented key command makes a key Tessera signs with as it is (no key of its own
    /// generated beside it): the kustomization's `openssl genpkey` line, run by a shell.
    @Test(.enabled(if: Tool.which("openssl") != nil || Tool.requireServices, "openssl is not installed"))
    func theDocumentedKeyCommandMakesTheSigningKey() throws {
        let line = try #require(try Tool.text("deploy/kubernetes/kustomization.yaml").split(separator: "\n")
            .first { $0.contains("openssl genpkey") }, "no openssl genpkey line in kustomization.yaml")
        let command = String(line.drop { $0 == "#" || $0 == " " })
        let folder = try TemporaryDirectory(prefix: "tessera-k8s-keys")
        defer { folder.remove() }
        let made = try Tool.run("/bin/sh", ["-c", command], directory: folder.url)
        #expect(made.status == 0, "\(command): \(made.output)")
        let config = folder.file("config.yaml")
        try Data("tokens:\n  algorithm: EdDSA\nkeys:\n  directory: ./keys\n".utf8).write(to: config)
        let server = try TesseraProcess.start(arguments: ["serve", "--config", config.path, "--listen", "127.0.0.1:0"],
                                              directory: folder, setup: ServerSetup())
        defer { _ = server.stop(removeDirectory: false) }
        let jwks = try server.get("/.well-known/jwks.json")
        let published = (jwks.json?["keys"] as? [[String: Any]]) ?? []
        #expect(published.count == 1 && published.first?["alg"] as? String == "EdDSA", "\(jwks)")
        let keys = try FileManager.default.contentsOfDirectory(atPath: folder.file("keys").path)
        #expect(keys.count == 1 && keys[0].hasPrefix("ed25519-"), "a key was generated beside the Secret's: \(keys)")
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
    static func loadedConfig() throws -> Config {
        let configMap = try Self.load("configmap.yaml")
        let yaml = try #require((configMap["data"] as? [String: Any])?["config.yaml"] as? String)
        return try ConfigLoader.parse(yaml: yaml, file: "configmap.yaml", environment: [
            "TESSERA_DATABASE_URL": "postgres://tessera:x@postgres:5432/tessera", "TESSERA_REDIS_URL": "redis://redis:6379/0",
        ])
    }

    /// The config comes from the ConfigMap, mounted where TESSERA_CONFIG points, and loads with
    /// Tessera's own config loader once the Secret's variables are set; keys.directory is on a
    /// writable volume.
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
        #expect(mounts.contains { loaded.keys.directory.hasPrefix(($0["mountPath"] as? String ?? "/nonexistent") + "/") && $0["readOnly"] as? Bool != true },
                "keys.directory \(loaded.keys.directory) is on no writable volume")
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

import Foundation
import Testing
import TesseraConfig
import Yams

/// deploy/kubernetes: every manifest passes kubernetes-validate (the Kubernetes OpenAPI schemas
/// it ships, strict: unknown fields are errors), and the pieces fit together.
@Suite struct KubernetesTests {
    static let manifests = [
        "configmap.yaml", "secret.yaml", "deployment.yaml", "service.yaml", "poddisruptionbudget.yaml",
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

    /// The HS256 secret and the database URL come from the Secret through the environment; the
    /// config comes from the ConfigMap, mounted where TESSERA_CONFIG points, and loads with
    /// Tessera's own config loader once those variables are set.
    @Test func secretsComeFromTheSecretAndTheConfigFromTheConfigMap() throws {
        let deployment = try Self.load("deployment.yaml")
        let pod = try #require(((deployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let env = container["env"] as? [[String: Any]] ?? []
        let secret = try Self.load("secret.yaml")
        let secretName = (secret["metadata"] as? [String: Any])?["name"] as? String
        let secretKeys = Set((secret["stringData"] as? [String: Any] ?? [:]).keys)
        var fromSecret: Set<String> = []
        var configPath: String?
        for variable in env {
            let name = variable["name"] as? String ?? ""
            if name == "TESSERA_CONFIG" { configPath = variable["value"] as? String }
            if let reference = (variable["valueFrom"] as? [String: Any])?["secretKeyRef"] as? [String: Any] {
                #expect(reference["name"] as? String == secretName, "\(name) names another Secret")
                #expect(secretKeys.contains(reference["key"] as? String ?? ""), "\(name): key \(reference["key"] ?? "") is not in secret.yaml")
                fromSecret.insert(name)
            }
        }
        #expect(fromSecret.isSuperset(of: ["TESSERA_HS256_SECRET", "TESSERA_DATABASE_URL"]), "\(fromSecret)")
        let config = try #require(configPath, "TESSERA_CONFIG is not set")

        let configMap = try Self.load("configmap.yaml")
        let configMapName = (configMap["metadata"] as? [String: Any])?["name"] as? String
        let volumes = pod["volumes"] as? [[String: Any]] ?? []
        let volume = try #require(volumes.first { ($0["configMap"] as? [String: Any])?["name"] as? String == configMapName })
        let mounts = container["volumeMounts"] as? [[String: Any]] ?? []
        let mount = try #require(mounts.first { $0["name"] as? String == volume["name"] as? String })
        let mountPath = try #require(mount["mountPath"] as? String)
        #expect(mount["readOnly"] as? Bool == true)
        let file = String(config.dropFirst(mountPath.count + 1))
        #expect(config.hasPrefix(mountPath + "/"), "TESSERA_CONFIG \(config) is not under the ConfigMap mount \(mountPath)")
        let yaml = try #require((configMap["data"] as? [String: Any])?[file] as? String, "the ConfigMap has no \(file)")

        var environment: [String: String] = [:]
        for name in fromSecret { environment[name] = "placeholder-\(name)-0123456789abcdef0123456789" }
        environment["TESSERA_DATABASE_URL"] = "postgres://tessera:x@postgres:5432/tessera"
        environment["TESSERA_REDIS_URL"] = "redis://redis:6379/0"
        let loaded = try ConfigLoader.parse(yaml: yaml, file: "configmap.yaml", environment: environment)
        #expect(loaded.database != nil && loaded.cache.redis != nil)
        // A writable volume holds keys.directory: the root filesystem is read-only.
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

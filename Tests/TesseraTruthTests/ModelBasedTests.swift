import Foundation
import Testing
import TesseraTesting

/// The model-based proof: a seeded random sequence of config reloads, client commands,
/// revocations, algorithm switches, node restarts and store outages against two real nodes,
/// checked after every step against a reference model of the truth (Model/TruthModel.swift).
///
/// One run per topology (Redis + PostgreSQL with two nodes, Redis only with two nodes, embedded).
/// Reproduce a run with the seed it prints: `TESSERA_MODEL_SEED=N TESSERA_MODEL_TOPOLOGY=stores
/// swift test --skip-build --filter ModelBasedTests` (TESSERA_MODEL_TOPOLOGY: only that one). TESSERA_MODEL_STEPS and TESSERA_MODEL_SECONDS bound each run
/// (defaults: 300 steps; 35, 20 and 15 s, so the three stay under 90 s; scripts/soak runs them longer).
@Suite(.serialized, .timeLimit(.minutes(30)), .requires(TestServices.databaseURL != nil, Comment(rawValue: TestServices.skipMessage)))
struct ModelBasedTests {
    @Test(arguments: ModelRun.Topology.allCases)
    func everyAnswerFollowsTheModel(_ topology: ModelRun.Topology) throws {
        if let only = ProcessInfo.processInfo.environment["TESSERA_MODEL_TOPOLOGY"], only != topology.rawValue { return }
        let seconds: Double = switch topology { case .stores: 35; case .redisOnly: 20; case .embedded: 15 }
        let settings = ModelRun.Settings.fromEnvironment(topology, steps: 300, seconds: seconds)
        print("ModelBasedTests: \(topology.rawValue) TESSERA_MODEL_SEED=\(settings.seed) steps<=\(settings.steps) seconds<=\(settings.seconds)")
        let run = try ModelRun(settings)
        let violation = try run.run()
        print("ModelBasedTests: \(topology.rawValue) seed \(settings.seed): \(run.stats.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")); tokens \(run.model.tokens.count)")
        if let violation {
            let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-model-\(topology.rawValue)-\(settings.seed).log")
            try? Data(run.log.joined(separator: "\n").utf8).write(to: logFile)
            Issue.record("""
                \(topology.rawValue), seed \(settings.seed) (reproduce: TESSERA_MODEL_SEED=\(settings.seed) TESSERA_MODEL_TOPOLOGY=\(topology.rawValue)): \(violation)
                whole log: \(logFile.path); last operations:
                \(run.log.suffix(40).joined(separator: "\n"))
                """)
        }
    }
}

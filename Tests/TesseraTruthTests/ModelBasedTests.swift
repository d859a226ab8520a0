import Foundation
import Testing
import TesseraTesting

/// Issue 8's model-based proof: a seeded random sequence of config reloads, client commands,
/// revocations, algorithm switches, node restarts and store outages against two real nodes,
/// checked after every step against a reference model of the truth (Model/TruthModel.swift).
///
/// Reproduce a run with the seed it prints: `TESSERA_MODEL_SEED=N swift test --skip-build
/// --filter ModelBasedTests`. TESSERA_MODEL_STEPS and TESSERA_MODEL_SECONDS bound it (defaults:
/// 400 steps, 60 s here; scripts/soak runs it longer).
@Suite(.serialized, .timeLimit(.minutes(30)), .enabled(if: TestServices.databaseEnabled, Comment(rawValue: TestServices.skipMessage)))
struct ModelBasedTests {
    @Test func everyAnswerFollowsTheModel() throws {
        let settings = ModelRun.Settings.fromEnvironment(steps: 400, seconds: 60)
        print("ModelBasedTests: TESSERA_MODEL_SEED=\(settings.seed) steps<=\(settings.steps) seconds<=\(settings.seconds)")
        let run = try ModelRun(settings)
        let violation = try run.run()
        print("ModelBasedTests: seed \(settings.seed): \(run.stats.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")); tokens \(run.model.tokens.count)")
        if let violation {
            Issue.record("""
                seed \(settings.seed) (reproduce: TESSERA_MODEL_SEED=\(settings.seed)): \(violation)
                last operations:
                \(run.log.suffix(40).joined(separator: "\n"))
                """)
        }
    }
}

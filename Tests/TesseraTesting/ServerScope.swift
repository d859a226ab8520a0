import Testing

/// A suite trait that starts one `tessera serve` for the whole suite, publishes it as
/// `TesseraProcess.current` to every test in it, and always stops it afterwards.
package struct ServerScope: SuiteTrait, TestScoping {
    package let makeSetup: @Sendable () throws -> ServerSetup

    package var isRecursive: Bool { false }

    package func provideScope(
        for test: Test, testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try TesseraProcess.start(makeSetup())
        defer { server.stop() }
        try await TesseraProcess.$current.withValue(server) {
            try await function()
        }
        if !server.isRunning {
            Issue.record("tessera serve exited during the suite; stderr: \(server.stderr)")
        }
    }
}

extension Trait where Self == ServerScope {
    /// One server for the suite, configured by `setup` (called when the suite starts).
    package static func server(_ setup: @escaping @Sendable () throws -> ServerSetup) -> Self {
        ServerScope(makeSetup: setup)
    }
}

/// The server of the enclosing suite; fails the test when there is none.
package func currentServer(sourceLocation: SourceLocation = #_sourceLocation) throws -> TesseraProcess {
    try #require(TesseraProcess.current, "no server: the suite's server did not start", sourceLocation: sourceLocation)
}

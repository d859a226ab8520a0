import Testing

extension Trait where Self == ConditionTrait {
    /// The one gate for a test that needs something the package does not build (Redis,
    /// PostgreSQL, a tool, a Python module): it runs when `available`, is skipped with `missing`
    /// otherwise, and always runs under TESSERA_REQUIRE_SERVICES=1 (scripts/test, CI), so that a
    /// missing dependency there fails it instead of passing as a skip.
    package static func requires(
        _ available: @autoclosure @escaping @Sendable () -> Bool, _ missing: Comment,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Self {
        .enabled(if: TestServices.required || available(), missing, sourceLocation: sourceLocation)
    }
}

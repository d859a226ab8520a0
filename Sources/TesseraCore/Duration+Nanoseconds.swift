extension Duration {
    /// Whole nanoseconds, 0 for a negative duration; what the monotonic clock's deadlines add to.
    /// (Durations here come from config and are far below UInt64's 584 years.)
    @inlinable public var nanoseconds: UInt64 {
        let parts = components
        return UInt64(max(0, parts.seconds)) &* 1_000_000_000 &+ UInt64(max(0, parts.attoseconds / 1_000_000_000))
    }
}

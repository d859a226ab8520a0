/// SplitMix64: a small, fast generator whose whole sequence follows from its seed, so a run of the
/// model-based test is reproduced by its printed seed, "random" split points and garbage bytes
/// are the same on every run.
package struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `p`.
    package mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    /// A non-empty random subset of `items`, in their order.
    package mutating func subset(of items: [String]) -> [String] {
        while true {
            let picked = items.filter { _ in chance(0.5) }
            if !picked.isEmpty { return picked }
        }
    }

    /// One of `choices` by weight.
    package mutating func weighted<T>(_ choices: [(T, Int)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        var roll = Int.random(in: 0..<total, using: &self)
        for (choice, weight) in choices {
            if roll < weight { return choice }
            roll -= weight
        }
        return choices[choices.count - 1].0
    }
}

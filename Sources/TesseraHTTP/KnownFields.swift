/// Where a request's known fields are: the index in `fields` of the first field of each name,
/// and which names repeat. Filled by the parser as it appends fields; no allocation.
package struct KnownFields: Sendable, Equatable {
    static let absent: UInt16 = .max
    private var first = SIMD16<UInt16>(repeating: KnownFields.absent)
    private var repeated: UInt16 = 0

    package init() {}

    @inline(__always)
    mutating func note(_ name: HTTPFieldName, at index: Int) {
        guard name != .other else { return }
        let slot = Int(name.rawValue)
        if first[slot] == Self.absent {
            first[slot] = UInt16(truncatingIfNeeded: index)
        } else {
            repeated |= 1 << slot
        }
    }

    /// The index of the first field named `name`, if any.
    @inline(__always)
    package func index(of name: HTTPFieldName) -> Int? {
        let index = first[Int(name.rawValue)]
        return index == Self.absent ? nil : Int(index)
    }

    /// Whether more than one field is named `name`.
    @inline(__always)
    package func repeats(_ name: HTTPFieldName) -> Bool {
        repeated & (1 << UInt16(name.rawValue)) != 0
    }
}

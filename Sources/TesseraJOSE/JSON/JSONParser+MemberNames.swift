extension JSONParser {
    /// The member names of one object seen so far, for duplicate detection in linear time.
    ///
    /// Small objects (the usual JOSE header) are checked by scanning the few names already
    /// parsed; past `scanLimit` names a hash set of the names' UTF-8 bytes takes over, so a
    /// 500-member object costs 500 hash inserts, not 125,000 comparisons. Names are compared as
    /// bytes: two names that differ in any byte are different members, whatever Unicode says.
    struct MemberNames {
        static let scanLimit = 8
        private var seen: Set<[UInt8]>?

        /// True when `name` is new; `members` holds the members parsed so far, in order.
        mutating func insert(_ name: String, among members: [(String, JSONValue)]) -> Bool {
            if seen == nil {
                if members.count < Self.scanLimit {
                    return !members.contains { $0.0.utf8.elementsEqual(name.utf8) }
                }
                var set = Set<[UInt8]>(minimumCapacity: members.count * 2)
                for (existing, _) in members { set.insert(Array(existing.utf8)) }
                seen = set
            }
            return seen!.insert(Array(name.utf8)).inserted
        }
    }
}

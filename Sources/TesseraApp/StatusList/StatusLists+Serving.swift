import TesseraJOSE

extension StatusLists {
    enum Answer {
        /// The prepared Status List Token.
        case token([UInt8])
        case notFound
        /// Not every recorded bit is applied yet (start, or its store still unread).
        case unavailable
        /// Opened since the last signing (a block just reserved): signed at the next read.
        case unsigned
    }

    /// The Status List Token of `listID`, as last prepared: no work per request but a lookup.
    func answer(listID: String) -> Answer {
        guard ready.withLock({ $0 }) else { return .unavailable }
        return lists.withLock { lists in
            guard let list = lists[listID] else { return .notFound }
            return list.prepared.isEmpty ? .unsigned : .token(list.prepared)
        }
    }

    /// Whether `listID` is shaped like the ids this node hands out (`<epoch>-<first index>`, the
    /// index a multiple of the list size): only such an id may name a list another node opened.
    func isWellFormed(listID: String) -> Bool {
        guard let dash = listID.lastIndex(of: "-"), listID.startIndex < dash,
            listID[..<dash].allSatisfy(\.isHexDigit), let start = Int64(listID[listID.index(after: dash)...])
        else { return false }
        return start >= 0 && start % size == 0
    }

    /// The Status List Aggregation (draft-ietf-oauth-status-list §9.3): the URIs of the lists
    /// this node serves, `{"status_lists":[...]}`.
    func aggregationJSON() -> [UInt8] {
        let ids = lists.withLock { lists in lists.keys.sorted() }
        var out: [UInt8] = []
        JSONWriter.appendRaw("{\"status_lists\":[", to: &out)
        for (index, id) in ids.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendString(baseURI + id, to: &out)
        }
        JSONWriter.appendRaw("]}", to: &out)
        return out
    }
}

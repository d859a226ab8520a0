import TesseraJOSE

/// JSON Merge Patch (RFC 7396): an object patch merges member by member, `null` removes a member,
/// anything else replaces the target whole.
enum MergePatch {
    static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var members: [(String, JSONValue)]
        if case .object(let existing) = target { members = existing } else { members = [] }
        for (name, value) in changes {
            let index = members.firstIndex { $0.0.utf8.elementsEqual(name.utf8) }
            if value == .null {
                if let index { members.remove(at: index) }
            } else if let index {
                members[index].1 = apply(value, to: members[index].1)
            } else {
                members.append((name, apply(value, to: .null)))
            }
        }
        return .object(members)
    }
}

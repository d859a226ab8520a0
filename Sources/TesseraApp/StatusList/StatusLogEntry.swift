/// One event of the status log, as every node reads it back: a block of a list reserved for a
/// client (`b`), or one index whose token was revoked (`r`). Fields are joined by tabs; a client
/// id never holds a control character (contract rule 4), and it comes last.
enum StatusLogEntry: Equatable {
    /// Indexes `start ..< start + count` of list `listID`, for tokens of `clientID` issued at or
    /// after `notBefore` (unix seconds), all expired by `expiresAt`.
    case block(listID: String, start: Int64, count: Int64, notBefore: Int64, expiresAt: Int64, clientID: String)
    case bit(listID: String, index: Int64, expiresAt: Int64)

    var expiresAt: Int64 {
        switch self {
        case .block(_, _, _, _, let expiresAt, _), .bit(_, _, let expiresAt): expiresAt
        }
    }

    var encoded: String {
        switch self {
        case .block(let listID, let start, let count, let notBefore, let expiresAt, let clientID):
            "b\t\(listID)\t\(start)\t\(count)\t\(notBefore)\t\(expiresAt)\t\(clientID)"
        case .bit(let listID, let index, let expiresAt):
            "r\t\(listID)\t\(index)\t\(expiresAt)"
        }
    }

    init?(_ text: String) {
        let fields = text.split(separator: "\t", maxSplits: 6, omittingEmptySubsequences: false)
        switch fields.first {
        case "b" where fields.count == 7:
            guard let start = Int64(fields[2]), let count = Int64(fields[3]), let notBefore = Int64(fields[4]),
                let expiresAt = Int64(fields[5]), start >= 0, count > 0, !fields[1].isEmpty
            else { return nil }
            self = .block(listID: String(fields[1]), start: start, count: count, notBefore: notBefore, expiresAt: expiresAt,
                          clientID: String(fields[6]))
        case "r" where fields.count == 4:
            guard let index = Int64(fields[2]), let expiresAt = Int64(fields[3]), index >= 0, !fields[1].isEmpty else { return nil }
            self = .bit(listID: String(fields[1]), index: index, expiresAt: expiresAt)
        default:
            return nil
        }
    }
}

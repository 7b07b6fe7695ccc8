import KexieIO

/// Exit statuses, following sysexits(3). The one place where outcomes become numbers.
enum ExitStatus: Int32, Comparable {
    case ok = 0
    /// A command-line mistake (ArgumentParser reports these with the same code).
    case usage = 64
    /// The input breaks the format contract.
    case dataError = 65
    /// An input does not exist or cannot be opened.
    case inputMissing = 66
    /// Graphviz failed to lay out or render a diagram (an internal failure, not the input's).
    case software = 70
    /// Reading or writing failed part-way.
    case ioError = 74

    init(_ kind: DatasetLoadError.Kind) {
        switch kind {
        case .dataError: self = .dataError
        case .inputMissing: self = .inputMissing
        case .ioError: self = .ioError
        }
    }

    /// When several datasets fail differently, the most serious status wins.
    private var severity: Int {
        switch self {
        case .ok: 0
        case .dataError: 1
        case .inputMissing: 2
        case .usage: 3
        case .software: 4
        case .ioError: 5
        }
    }

    static func < (a: ExitStatus, b: ExitStatus) -> Bool { a.severity < b.severity }
}

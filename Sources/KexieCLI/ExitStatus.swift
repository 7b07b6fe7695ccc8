import KexieIO

/// Exit statuses, following sysexits(3). The one place where outcomes become numbers.
enum ExitStatus: Int32, Comparable {
    case ok = 0
    /// Findings (or changes) of the `--fail-on` families exist: the outcome a script asked for.
    case findings = 1
    /// A command-line mistake: ArgumentParser reports those it finds while parsing with the
    /// same code; one a command finds in the data (an id no row has) is its `ValidationError`.
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

    init(_ error: KexieCommandError) {
        switch error {
        case let .datasetNotLoaded(_, error): self.init(error.kind)
        case let .datasetsInvalid(status): self = status
        case .inputMissing: self = .inputMissing
        case .limitExceeded: self = .dataError
        case .output, .outputFolder: self = .ioError
        case .graphviz: self = .software
        case .failOn: self = .findings
        }
    }

    /// When several datasets fail differently, the most serious status wins.
    private var severity: Int {
        switch self {
        case .ok: 0
        case .findings: 1
        case .dataError: 2
        case .inputMissing: 3
        case .usage: 4
        case .software: 5
        case .ioError: 6
        }
    }

    static func < (a: ExitStatus, b: ExitStatus) -> Bool { a.severity < b.severity }
}

import KexieIO
import KexieRender

/// Why a command ends without success, as commands throw it. `Kexie.main` prints its `message`
/// and exits with `ExitStatus(self)`: commands never print their own failure or pick a number.
///
/// A usage mistake found only once the dataset is loaded (an unknown `--scope`, a dataset named
/// twice) is ArgumentParser's `ValidationError` instead, exit status 64.
enum KexieCommandError: Error {
    /// A dataset did not load; the error holds every diagnostic of the load. Status 65, 66 or 74
    /// by the kind of failure.
    case datasetNotLoaded(path: String, DatasetLoadError)
    /// `kexie validate` found invalid datasets (each has had its verdict line); the most serious
    /// of their statuses.
    case datasetsInvalid(ExitStatus)
    /// The input file a command reads (not a dataset) does not exist. Status 66.
    case inputMissing(path: String)
    /// Writing an output failed. Status 74.
    case output(any Error)
    /// Preparing the output folder `folder` failed (its error may not name it). Status 74.
    case outputFolder(String, any Error)
    /// Graphviz failed to lay out or render a diagram. Status 70.
    case graphviz(RenderError)
    /// The data would make more findings than a documented limit allows (README, "Limits and
    /// guarantees"): refused before memory runs out. Status 65.
    case limitExceeded(path: String, any Error)
    /// `--fail-on` families have `what` (findings, changes): the outcome a script asked to fail
    /// on, not an error; the output was written in full. Status 1.
    case failOn(what: String, families: [String])

    /// What stderr is told, after `kexie: ` (nil: nothing more to tell).
    var message: String? {
        switch self {
        case let .datasetNotLoaded(path, error):
            "\(path): \(Format.plural(error.log.errorCount, "error")); nothing was analysed"
        case .datasetsInvalid: nil
        case let .inputMissing(path): "\(path): no such file"
        case let .output(error): "\(error)"
        case let .outputFolder(folder, error): "\(folder): \(error)"
        case let .graphviz(error): "\(error)"
        case let .limitExceeded(path, error): "\(path): \(error)"
        case let .failOn(what, families): "\(what) of \(families.joined(separator: ", ")) (--fail-on)"
        }
    }
}

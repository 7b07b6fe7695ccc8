#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stage 1 of a load: the dataset folder and where each table of the contract is in it.
struct _LocatedTables: Sendable {
    /// The file of each table the dataset has, by table name (`regions` → `…/regions.csv.gz`).
    let files: [String: String]

    /// Checks that `folder` is a folder and finds `NAME.csv` or `NAME.csv.gz` (not both) for
    /// each table. Fails (input missing) when the folder or a required table is not there.
    init(folder: String, log: _DiagnosticSink) throws(_LoadFailure) {
        switch _FileSystem.entry(folder) {
        case .directory: break
        case .missing(let code):
            log.error(folder, "cannot open the dataset folder: \(_systemMessage(code))")
            throw _LoadFailure(.inputMissing)
        default:
            log.error(folder, "not a folder: a dataset is a folder of CSV tables (regions.csv, organizations.csv, …)")
            throw _LoadFailure(.inputMissing)
        }
        var files: [String: String] = [:]
        var missingRequired = false
        for name in DatasetLoader.tableNames {
            let plain = "\(folder)/\(name).csv", gz = "\(folder)/\(name).csv.gz"
            let hasPlain = _exists(plain), hasGz = _exists(gz)
            if hasPlain && hasGz {
                log.error(gz, "both \(name).csv and \(name).csv.gz exist; keep only one of them")
            } else if hasPlain || hasGz {
                files[name] = hasPlain ? plain : gz
            } else if name == "regions" || name == "organizations" {
                log.error(plain, "missing required table \(name).csv (or \(name).csv.gz)")
                missingRequired = true
            }
        }
        if missingRequired { throw _LoadFailure(.inputMissing) }
        self.files = files
    }
}

/// Whether something is at `path`. A name that cannot be followed (a symbolic-link loop, a
/// permission problem) counts as present, so that reading it reports the real reason.
func _exists(_ path: String) -> Bool {
    if case .missing(let code) = _FileSystem.entry(path) { return code != ENOENT && code != ENOTDIR }
    return true
}

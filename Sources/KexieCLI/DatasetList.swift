#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser

/// The dataset folders a command is given.
enum DatasetList {
    /// Rejects a dataset named twice (`kexie analyze D D`, or `D` and `./D/`, or a link to it):
    /// its findings would appear twice under the same `dataset` name in JSON Lines and CSV, and a
    /// script summing them would count everything double. A usage error (`ValidationError`).
    ///
    /// - Complexity: one realpath(3) per dataset.
    static func checkDistinct(_ paths: [String]) throws {
        var seen: [String: String] = [:]
        for path in paths {
            let key = resolved(path)
            if let first = seen[key] {
                throw ValidationError("the dataset \(path) is given twice (\(first == path ? "" : "also as \(first), ")the same folder); name each dataset once")
            }
            seen[key] = path
        }
    }

    /// The `dataset` value of each dataset's rows in JSON Lines and CSV: its name, unless
    /// another dataset of the same run has that name too (`a/data b/data`, or two folders whose
    /// dataset.yaml give one name): then the folder path as given, so that rows of different
    /// datasets never merge under one value. `names[i]` is the name of the dataset at `paths[i]`.
    ///
    /// - Complexity: O(datasets).
    static func labels(names: [String], paths: [String]) -> [String] {
        var count: [String: Int] = [:]
        for name in names { count[name, default: 0] += 1 }
        return zip(names, paths).map { name, path in count[name, default: 0] > 1 ? path : name }
    }

    /// The canonical path of an existing folder; the path as given otherwise (the load then says
    /// what is wrong with it).
    private static func resolved(_ path: String) -> String {
        guard let c = realpath(path, nil) else { return path }
        defer { free(c) }
        return String(cString: c)
    }
}

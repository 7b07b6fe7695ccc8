/// The largest input a load accepts. Anything beyond is a data error (exit 65) naming the file,
/// the line and the limit, never a trap, a stack overflow or an out-of-memory kill.
///
/// Why these numbers: row indices are `Int32` with negative sentinels and string columns keep
/// `UInt32` offsets, so a table must stay far below 2^31 rows and 4 GiB of text; memory is about
/// 150 bytes per row, so 2^24 rows of the largest table still load in a few GB. The national
/// network (2.2 million positions, 236 MB of CSV) is well inside every limit.
public enum LoadLimits {
    /// Bytes of one table file, as stored and again after gzip decompression: 1 GiB.
    public static let tableBytes = 1 << 30
    /// Data rows of one table: 2^24 = 16,777,216.
    public static let rows = 1 << 24
    /// Columns of a header, and so cells of a row: 10,000 (a spreadsheet has at most 16,384).
    public static let columns = 10_000
    /// Bytes of one cell after unescaping: 1 MiB (an Excel cell holds at most 32,767 characters).
    public static let cellBytes = 1 << 20
    /// Distinct region kinds: 65,536 (a region's kind is a 16-bit index).
    public static let regionKinds = 1 << 16
    /// Distinct sectors the rules' `sectors` map names: 1,000 (sectors are 16-bit indices, and
    /// each is a figure of every organization's strength).
    public static let sectors = 1_000
    /// Bytes of `rules.yaml`, `dataset.yaml` or a `--rules` file: 1 MiB.
    public static let yamlBytes = 1 << 20
    /// Nesting depth of mappings and lists in a YAML file: 64 (the rules nest 4 deep).
    public static let yamlDepth = 64
    /// Values (scalars, lists and mappings, everything inside a list or mapping counted) that
    /// the aliases (`*name`) of one YAML file may repeat: 400,000, what go-yaml v3 allows. A
    /// PyYAML file that reuses a list repeats a few hundred; a "billion laughs" file, billions.
    public static let yamlAliasValues = 400_000

    /// A weight (`role_weights`, `link_weights` in the rules, `weight` in links.csv): at most
    /// 1,000,000. Strengths are sums of weights over positions and links; with weights near the
    /// largest double (1e308) a sum overflowed to infinity, written as `null` in JSON and `inf`
    /// in CSV.
    public static let weight: Double = 1_000_000

    /// `n` bytes in words, e.g. "1 GiB" or "1 MiB", for messages.
    static func bytesText(_ n: Int) -> String {
        if n >= 1 << 30, n % (1 << 30) == 0 { return "\(n >> 30) GiB" }
        if n >= 1 << 20, n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
        return "\(n) bytes"
    }
}

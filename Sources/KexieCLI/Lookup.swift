import ArgumentParser
import KexieModel

/// Finding what a command-line option names in a dataset: an id, else a name that exactly one
/// candidate has. Anything else is a usage error (`ValidationError`) that lists the candidates.
enum Lookup {
    /// The region `key` names: a region id (of `level`, when given), with `organizations` also
    /// an organization id (its region); else a unique region name, then organization name.
    static func region(_ key: String, option: String, in d: Dataset, level: Level? = nil, organizations: Bool = false) throws -> Int {
        let regions = d.regions, orgs = d.organizations
        func fits(_ r: Int) -> Bool { level == nil || regions.levels[r] == level }
        if let r = regions.ids.index(of: key), fits(r) { return r }
        if organizations, let o = orgs.ids.index(of: key), let r = orgs.regions.target(o), fits(r) { return r }
        let named = (0..<regions.count).filter { fits($0) && regions.names[$0] == key }
        if named.count == 1 { return named[0] }
        var candidates = named.map { regions.ids[$0] }
        if organizations && named.isEmpty {
            let namedOrgs = (0..<orgs.count).filter { orgs.names[$0] == key && (orgs.regions.target($0).map(fits) ?? false) }
            if namedOrgs.count == 1 { return orgs.regions.target(namedOrgs[0])! }
            candidates += namedOrgs.map { orgs.ids[$0] }
        }
        let what = level.map(\.name) ?? (organizations ? "region or organization" : "region")
        let reason = candidates.isEmpty
            ? "no \(what) of \(TerminalText.neutralized(d.name)) has this id or name"
            : "\(candidates.count) of \(TerminalText.neutralized(d.name))'s \(what)s have this name (\(candidates.prefix(8).joined(separator: ", "))); give the id"
        throw ValidationError("\(option) \"\(key)\": \(reason)")
    }
}

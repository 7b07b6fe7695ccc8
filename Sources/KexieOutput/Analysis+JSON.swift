import KexieAnalysis
import KexieMachinery
import KexieModel

extension Analysis {
    /// Writes the analysis document, schema 1 of the analyses contract: every list sorted as
    /// the contract says, ids as strings, numbers unrounded. The same input gives the same bytes.
    /// Streamed, because a national document runs to hundreds of megabytes.
    public func writeJSON(to w: inout JSONWriter) {
        let sections = _DocumentSections(dataset: dataset, asOf: asOf, activity: activity, coverage: coverage,
                                         gaps: gaps, targets: targets, orphans: orphans)
        let (linkage, dataset) = (self.linkage, self.dataset)
        w.object { w in
            // The linkage section, most of a national document, is written into fragments on a
            // second thread while the sections before it stream out from this one.
            let (depth, indent) = (w.nestingDepth + 1, w.indentWidth)
            let (_, linkageValues) = _inParallel(here: { sections.write(to: &w) }, beside: {
                Self.linkageValues(linkage, dataset, part: 0, depth: depth, indent: indent)
                    + Self.linkageValues(linkage, dataset, part: 1, depth: depth, indent: indent)
            })
            w.key("linkage"); w.object { w in for (key, value) in linkageValues { w.key(key); w.splice(value) } }
        }
    }

    /// Runs the analyses of `dataset` at `asOf` while writing their document: the sections
    /// before `linkage` are written (on this thread, which owns `w`) as soon as their findings
    /// are ready, while linkage is computed on the other thread; then the two threads write the
    /// two halves of the linkage section, this one straight to `w`, the other into fragments.
    /// The bytes are those of `Analysis(dataset, asOf:).writeJSON(to:)`.
    ///
    /// - Returns: the analysis, for whatever else the caller needs (`--fail-on`).
    /// - Throws: before writing anything, when the pairs could exceed `pairLimit`.
    public static func analyzeWritingJSON(_ dataset: Dataset, asOf: Day, pairLimit: Int = Linkage.pairLimit,
                                          to w: inout JSONWriter) throws(Linkage.PairLimitExceeded) -> Analysis {
        let groundwork = Analysis._Groundwork(dataset, asOf: asOf)
        try Linkage.checkPairLimit(dataset, activity: groundwork.activity, limit: pairLimit)
        var analysis: Analysis?
        w.object { w in
            let (depth, indent) = (w.nestingDepth + 1, w.indentWidth)
            let (findings, linkage) = _inParallel(here: { () -> Analysis._Findings in
                let findings = groundwork.findings()
                _DocumentSections(dataset: dataset, asOf: asOf, activity: groundwork.activity, coverage: findings.coverage,
                                  gaps: findings.gaps, targets: findings.targets, orphans: findings.orphans).write(to: &w)
                return findings
            }, beside: { groundwork.linkage(computingPairs: true) })
            // The first half of the linkage section goes straight out (everything before it has);
            // the second is written beside it into fragments, spliced after it.
            let l = linkage.0
            w.key("linkage"); w.object { w in
                let (_, second) = _inParallel(here: { writeLinkageEntries(l, dataset, part: 0, to: &w) },
                                              beside: { linkageValues(l, dataset, part: 1, depth: depth, indent: indent) })
                for (key, value) in second { w.key(key); w.splice(value) }
            }
            analysis = Analysis(groundwork, findings: findings, linkage: linkage)
        }
        return analysis!
    }
}

/// What the sections before `linkage` are written from: the parts of an analysis they need,
/// which are ready before linkage is.
private struct _DocumentSections {
    let dataset: Dataset
    let asOf: Day
    let activity: Activity
    let coverage: Coverage
    let gaps: Gaps
    let targets: [TargetResult]
    let orphans: [Orphan]

    /// The sections before `linkage`: schema, dataset, as_of, summary, coverage, orphans.
    func write(to w: inout JSONWriter) {
        w.key("schema"); w.int(1)
        w.key("dataset"); w.string(dataset.name)
        w.key("as_of"); w.day(asOf)
        w.key("summary"); w.object { w in writeSummary(to: &w) }
        w.key("coverage"); w.object { w in
            writeCoverage(to: &w)
            writeGaps(to: &w)
            writeTargets(to: &w)
        }
        w.key("orphans"); w.array { w in writeOrphans(to: &w) }
    }

    /// The entries of `summary`: how many of each record, and how many are active.
    private func writeSummary(to w: inout JSONWriter) {
        let d = dataset
        w.key("regions"); w.int(d.regions.count)
        w.key("organizations"); w.int(d.organizations.count)
        w.key("active_organizations"); w.int(activity.organizations.lazy.filter { $0 }.count)
        w.key("persons"); w.int(d.persons.count)
        w.key("positions"); w.int(d.positions.count)
        w.key("active_positions"); w.int(activity.positions.lazy.filter { $0 }.count)
        w.key("links"); w.int(d.links.count)
    }

    /// The coverage entries of `coverage`: the rates by level and by district, the blank spots.
    private func writeCoverage(to w: inout JSONWriter) {
        let regions = dataset.regions
        w.key("levels"); w.object { w in
            w.rates(coverage.levels)
        }
        w.key("districts"); w.array { w in
            for district in coverage.districts {
                w.object { w in
                    w.key("id"); w.string(regions.ids, district.region)
                    w.key("name"); w.string(regions.names, district.region)
                    w.rates(district.rates)
                }
            }
        }
        w.key("blank_spots"); w.array { w in
            for b in coverage.blankSpots {
                w.object { w in
                    w.key("id"); w.string(regions.ids, b.region)
                    w.key("name"); w.string(regions.names, b.region)
                    w.key("level"); w.string(regions.levels[b.region].name)
                    w.key("kind"); w.string(regions.kindNames, Int(regions.kinds[b.region]))
                    w.key("district"); if let x = b.district { w.string(regions.ids, x) } else { w.null() }
                    w.key("frontier"); w.bool(b.frontier)
                }
            }
        }
    }

    /// The gap entries of `coverage`: key persons, rural technical associations, societies,
    /// institutions.
    private func writeGaps(to w: inout JSONWriter) {
        let regions = dataset.regions
        w.key("key_person_gaps"); w.array { w in
            for g in gaps.keyPersons {
                w.object { w in
                    w.key("organization"); w.string(dataset.organizations.ids, g.organization)
                    w.key("missing"); w.array { w in for m in g.missing { w.string(m) } }
                }
            }
        }
        w.key("rural_tech_gaps"); w.array { w in for r in gaps.ruralTech { w.string(regions.ids, r) } }
        w.key("society_gaps"); w.array { w in
            for g in gaps.societies {
                w.object { w in
                    w.key("district"); w.string(regions.ids, g.district)
                    w.key("missing"); w.array { w in for m in g.missing { w.string(m) } }
                }
            }
        }
        w.key("institution_gaps"); w.array { w in
            for g in gaps.institutions {
                w.object { w in
                    w.key("institution"); w.string(dataset.institutions.ids, g.institution)
                    w.key("expected"); w.string(g.expected.name)
                }
            }
        }
    }

    /// The `targets` entry of `coverage`: each rule target's result.
    private func writeTargets(to w: inout JSONWriter) {
        w.key("targets"); w.array { w in
            for t in targets {
                let target = dataset.rules.targets[t.target]
                w.object { w in
                    w.key("name"); w.string(target.name)
                    w.key("unit"); w.string(dataset.regions.ids, t.unit)
                    w.key("due"); w.day(target.due)
                    w.key("evaluated_at"); w.day(t.evaluatedAt)
                    w.key("covered"); w.int(t.covered)
                    w.key("total"); w.int(t.total)
                    w.key("rate"); w.double(t.rate)
                    w.key("status"); w.string(t.status.rawValue)
                }
            }
        }
    }

    /// The elements of `orphans`.
    private func writeOrphans(to w: inout JSONWriter) {
        for o in orphans {
            w.object { w in
                w.key("kind"); w.string(o.kind.rawValue)
                w.key("id"); w.string(Analysis._id(of: o, in: dataset))
                w.key("reason"); w.string(o.reason.rawValue)
                if let via = o.via { w.key("via"); w.string(dataset.organizations.ids, via) }
            }
        }
    }
}

extension Analysis {
    /// The values of the `linkage` object, each written into a fragment for `depth`: part 0
    /// is organizations, pairs and weak attachments, part 1 the rest (about half each).
    fileprivate static func linkageValues(
        _ l: Linkage, _ d: Dataset, part: Int, depth: Int, indent: Int
    ) -> [(StaticString, JSONWriter.Fragment)] {
        linkageEntries(l, d, part: part).map { key, body in
            var w = JSONWriter(valueInside: depth, indent: indent)
            body(&w)
            return (key, w.fragment())
        }
    }

    /// Writes the entries of part `part` of the `linkage` object into the open object.
    fileprivate static func writeLinkageEntries(_ l: Linkage, _ d: Dataset, part: Int, to w: inout JSONWriter) {
        for (key, body) in linkageEntries(l, d, part: part) {
            w.key(key)
            body(&w)
        }
    }

    /// The keys of the `linkage` object and how to write each value: part 0 is organizations,
    /// pairs and weak attachments, part 1 the rest (about half of the bytes each).
    private static func linkageEntries(_ l: Linkage, _ d: Dataset, part: Int) -> [(StaticString, (inout JSONWriter) -> Void)] {
        let orgs = d.organizations, persons = d.persons
        func value(_ body: @escaping (inout JSONWriter) -> Void) -> (inout JSONWriter) -> Void { body }
        if part == 0 {
            return [
                ("organizations", value { w in
                    w.array { w in
                        for o in l.organizations {
                            w.object { w in
                                w.key("id"); w.string(orgs.ids, o.organization)
                                w.key("strength"); w.double(o.strength)
                                w.key("sectors"); w.object { w in for s in o.sectors { w.key(string: d.sectorNames[s.sector]); w.double(s.sum) } }
                                w.key("vertical"); w.double(o.vertical)
                            }
                        }
                    }
                }),
                ("pairs", value { w in
                    w.array { w in
                        for p in l.pairs {
                            w.object { w in
                                w.key("a"); w.string(orgs.ids, p.a)
                                w.key("b"); w.string(orgs.ids, p.b)
                                w.key("strength"); w.double(p.strength)
                            }
                        }
                    }
                }),
                ("weak_attachments", value { w in w.array { w in for o in l.weakAttachments { w.string(orgs.ids, o) } } }),
            ]
        }
        return [
            ("single_points", value { w in
                w.array { w in
                    for s in l.singlePoints {
                        w.object { w in
                            w.key("organization"); w.string(orgs.ids, s.organization)
                            w.key("sector"); w.string(d.sectorNames[s.sector])
                            w.key("person"); w.string(persons.ids, s.person)
                        }
                    }
                }
            }),
            ("overloaded", value { w in
                w.array { w in
                    for o in l.overloaded {
                        w.object { w in
                            w.key("person"); w.string(persons.ids, o.person)
                            w.key("posts"); w.int(o.posts)
                        }
                    }
                }
            }),
            ("expiring", value { w in
                w.array { w in
                    let p = d.positions
                    for e in l.expiring {
                        w.object { w in
                            w.key("person"); w.string(persons.ids, p.persons.target(e.position)!)
                            w.key("organization"); w.string(orgs.ids, p.organizations.target(e.position)!)
                            w.key("role"); w.string(p.roles[e.position].name)
                            w.key("end"); w.day(e.end)
                        }
                    }
                }
            }),
            ("islands", value { w in
                w.array { w in
                    for island in l.islands { w.array { w in for o in island { w.string(orgs.ids, o) } } }
                }
            }),
        ]
    }

    /// The analysis document as text (see `writeJSON(to:)`).
    public func jsonText(indent: Int = 2) -> String {
        var w = JSONWriter(indent: indent)
        writeJSON(to: &w)
        return w.text
    }
}

extension JSONWriter {
    /// Inside an object: `LEVEL: {"total", "covered", "rate"}` for each rate, as the analysis
    /// document writes coverage.
    mutating func rates(_ rates: [Coverage.Rate]) {
        for r in rates {
            key(string: r.level.name)
            object { w in
                w.key("total"); w.int(r.total)
                w.key("covered"); w.int(r.covered)
                w.key("rate"); w.double(r.rate)
            }
        }
    }
}

"""Reads kexie's GraphML, GEXF and node-link JSON exports of a dataset with NetworkX and checks
them against the dataset's CSV files, read here independently of kexie.

usage: check_export.py DATASET FOLDER   (FOLDER holds graph.graphml, graph.gexf, graph.json)
Prints "FORMAT ok" per format; exits 1 with the first difference.
"""
import collections
import csv
import json
import os
import sys

import networkx as nx

BLANKS = " \t\u00a0\u3000"


def table(folder, name):
    path = os.path.join(folder, name + ".csv")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [{k.strip(BLANKS): (v or "").strip(BLANKS) for k, v in row.items()} for row in csv.DictReader(f)]
    return [r for r in rows if any(r.values())]


def expected(folder):
    t = {n: table(folder, n) for n in ["regions", "organizations", "persons", "positions", "links", "institutions"]}
    ids = {n: {r["id"] for r in t[n]} for n in ["regions", "organizations", "persons", "institutions"]}
    relations = collections.Counter()

    def refs(relation, rows, column, targets):
        relations[relation] += sum(1 for r in rows if r.get(column, "") in targets)

    refs("region_parent", t["regions"], "parent", ids["regions"])
    refs("organization_parent", t["organizations"], "parent", ids["organizations"])
    refs("organization_region", t["organizations"], "region", ids["regions"])
    refs("organization_institution", t["organizations"], "institution", ids["institutions"])
    refs("person_region", t["persons"], "region", ids["regions"])
    refs("institution_region", t["institutions"], "region", ids["regions"])
    relations["position"] = sum(1 for r in t["positions"] if r["person"] in ids["persons"] and r["organization"] in ids["organizations"])
    relations["link"] = sum(1 for r in t["links"] if r["from"] in ids["organizations"] and r["to"] in ids["organizations"])
    relations = +relations
    kinds = collections.Counter({"region": len(t["regions"]), "organization": len(t["organizations"]),
                                 "person": len(t["persons"]), "institution": len(t["institutions"])})
    return t, +kinds, relations


def check(fmt, g, t, kinds, relations):
    def fail(message):
        print(f"{fmt}: {message}")
        sys.exit(1)

    if not g.is_directed():
        fail("not directed")
    if g.number_of_nodes() != sum(kinds.values()):
        fail(f"{g.number_of_nodes()} nodes, expected {sum(kinds.values())}")
    if g.number_of_edges() != sum(relations.values()):
        fail(f"{g.number_of_edges()} edges, expected {sum(relations.values())}")
    got_kinds = collections.Counter(d["kind"] for _, d in g.nodes(data=True))
    if got_kinds != kinds:
        fail(f"node kinds {dict(got_kinds)}, expected {dict(kinds)}")
    got_relations = collections.Counter(d["relation"] for _, _, d in g.edges(data=True))
    if got_relations != relations:
        fail(f"relations {dict(got_relations)}, expected {dict(relations)}")
    for kind, rows in [("region", t["regions"]), ("organization", t["organizations"]),
                       ("person", t["persons"]), ("institution", t["institutions"])]:
        for r in rows:
            node = g.nodes[f"{kind}:{r['id']}"]
            if node["original_id"] != r["id"] or node.get("name", "") != r["name"]:
                fail(f"{kind} {r['id']}: {node}")
    for r in t["organizations"]:
        node = g.nodes[f"organization:{r['id']}"]
        if not isinstance(node["active"], bool) or node["type"] != r["type"] or node.get("parent", "") != r["parent"]:
            fail(f"organization {r['id']}: {node}")
    persons = {r["id"] for r in t["persons"]}
    organizations = {r["id"] for r in t["organizations"]}
    positions = [r for r in t["positions"] if r["person"] in persons and r["organization"] in organizations]
    roles = collections.Counter((f"person:{r['person']}", f"organization:{r['organization']}", r["role"]) for r in positions)
    got_roles = collections.Counter((u, v, d["role"]) for u, v, d in g.edges(data=True) if d["relation"] == "position")
    if roles != got_roles:
        fail("positions differ")
    for u, v, d in g.edges(data=True):
        if d["relation"] in ("position", "link") and not (isinstance(d["weight"], float) and d["weight"] > 0 and isinstance(d["active"], bool)):
            fail(f"edge {u} -> {v}: {d}")
    print(f"{fmt} ok")


def main():
    dataset, folder = sys.argv[1], sys.argv[2]
    t, kinds, relations = expected(dataset)
    check("graphml", nx.read_graphml(os.path.join(folder, "graph.graphml")), t, kinds, relations)
    check("gexf", nx.read_gexf(os.path.join(folder, "graph.gexf")), t, kinds, relations)
    with open(os.path.join(folder, "graph.json"), encoding="utf-8") as f:
        check("json", nx.node_link_graph(json.load(f)), t, kinds, relations)


if __name__ == "__main__":
    main()

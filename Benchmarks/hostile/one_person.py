#!/usr/bin/env python3
"""one_person.py N OUT: a dataset in which one person holds a position in each of N
associations (issue 16, item 4b). A person in k organizations ties k(k - 1)/2 pairs of them:
N = 2,000 is 92 KB of positions.csv and two million pairs, N = 100,000 five billion.

Frame: one city and N districts; association A0 of the city, Ai (i = 1..N) of district i under
it. Person P1 is a member of every Ai, so every district is covered and no pair has a link."""
import os
import sys

n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)


def write(name, header, rows):
    with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
        f.write(header + "\n")
        for r in rows:
            f.write(r + "\n")


write("dataset.yaml", "name: one-person\nas_of: 2020-12-31", [])
write("regions.csv", "id,name,level,parent,kind",
      ["C0,City,city,,municipality"] + [f"D{i},District {i},district,C0,district" for i in range(1, n + 1)])
write("organizations.csv", "id,name,type,region,parent,institution,discipline,founded,dissolved",
      ["A0,City association,association,C0,,,,2000-01-01,"]
      + [f"A{i},Association {i},association,D{i},A0,,,2000-01-01," for i in range(1, n + 1)])
write("persons.csv", "id,name,category,sector,workplace,region", ["P1,Busy Person,researcher,,Somewhere,C0"])
write("positions.csv", "person,organization,role,start,end",
      [f"P1,A{i},member,2019-01-01," for i in range(1, n + 1)])
write("links.csv", "from,to,kind,weight,start,end", [])
write("institutions.csv", "id,name,kind,region", [])

"""The network of cases, people and the identifiers they share, and its connected groups.

Shared identifiers are found by equal blind-index digests (phone tokens, network identifiers,
the name keys of organisations), never by values. Only identifiers held by two or more people in
the user's scope become nodes; a person in two cases links them too, and so does one identity
(records merged as one person). Groups of two or more cases are suspected syndicates, ranked by
the number of cases they join, then by the identifiers suspects share, then by their size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from gugus.cases.models import Case
from gugus.identity.models import IdentityMember
from gugus.networks.access import network_cases_visible_to
from gugus.networks.models import Identifier
from gugus.people.models import CaseRole, Person, PersonToken

NODE_KINDS = {
    "phone": _("Phone number"),
    "bank_account": _("Bank account"),
    "social_media": _("Social-media account"),
    "address": _("Address"),
    "organisation": _("Placement agency or broker"),
    "identity": _("Same person (merged records)"),
    "compound": _("Scam compound or site abroad"),
}


@dataclass
class Group:
    """A connected group of cases, people and shared identifiers."""

    key: str
    cases: list[int]
    people: set[int]
    identifiers: set[str]
    suspects: set[int] = field(default_factory=set)
    score: int = 0
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.cases) + len(self.people) + len(self.identifiers)


@dataclass
class Network:
    groups: list[Group]
    roles: list[tuple[int, int, str]]  # case, person, role
    links: list[tuple[int, str]]  # person, identifier node


class _Union:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb, key=str)] = min(ra, rb, key=str)


def _shared(rows) -> dict[str, set[int]]:
    holders: dict[str, set[int]] = defaultdict(set)
    for person_id, node in rows:
        holders[node].add(person_id)
    return {node: people for node, people in holders.items() if len(people) > 1}


def shared_identifiers(people_qs) -> dict[str, set[int]]:
    """Identifier node -> people holding it, for identifiers held by two or more of ``people_qs``."""
    nodes: dict[str, set[int]] = {}
    phones = PersonToken.objects.filter(purpose="phone", person_id__in=people_qs)
    shared_phones = phones.values("digest").annotate(n=Count("person_id", distinct=True)).filter(n__gt=1)
    nodes.update(
        _shared(
            (p, "phone:" + d)
            for p, d in phones.filter(digest__in=shared_phones.values("digest")).values_list("person_id", "digest")
        )
    )
    identifiers = Identifier.objects.filter(person_id__in=people_qs)
    shared_ids = identifiers.values("digest").annotate(n=Count("person_id", distinct=True)).filter(n__gt=1)
    nodes.update(
        _shared(
            (p, f"{k}:{d}")
            for p, k, d in identifiers.filter(digest__in=shared_ids.values("digest")).values_list(
                "person_id", "kind", "digest"
            )
        )
    )
    # organisations (placement agencies, brokers) written alike: their name keys agree
    organisations = PersonToken.objects.filter(
        purpose="linkage_key", person_id__in=people_qs, person__kind=Person.Kind.ORGANISATION
    )
    shared_orgs = organisations.values("digest").annotate(n=Count("person_id", distinct=True)).filter(n__gt=1)
    by_people: dict[frozenset, str] = {}
    for node, holders in _shared(
        (p, "organisation:" + d)
        for p, d in organisations.filter(digest__in=shared_orgs.values("digest")).values_list("person_id", "digest")
    ).items():
        by_people.setdefault(frozenset(holders), node)  # the name and its sounds: one node
    nodes.update({node: set(holders) for holders, node in by_people.items()})
    merged = IdentityMember.objects.filter(person_id__in=people_qs).values_list("person_id", "identity_id")
    nodes.update(_shared((p, f"identity:{i}") for p, i in merged))
    return nodes


def network_of(user) -> Network:
    """Every group of two or more cases the user may see, ranked (suspected syndicates first)."""
    cases = network_cases_visible_to(user)
    roles_in_scope = CaseRole.objects.filter(case__in=cases.values("pk"))
    people_qs = roles_in_scope.values("person_id")
    nodes = shared_identifiers(people_qs)
    # Scam compounds (gugus.legal): people held at, or recruited for, one compound are linked by it.
    from gugus.legal.selectors import compound_holders

    nodes.update(compound_holders(roles_in_scope))
    in_many_cases = set(
        roles_in_scope.values("person_id")
        .annotate(n=Count("case_id", distinct=True))
        .filter(n__gt=1)
        .values_list("person_id", flat=True)
    )
    relevant = in_many_cases | {p for holders in nodes.values() for p in holders}
    roles = list(roles_in_scope.filter(person_id__in=relevant).values_list("case_id", "person_id", "role"))
    union = _Union()
    for case_id, person_id, _role in roles:
        union.join(("c", case_id), ("p", person_id))
    links = []
    for node, holders in nodes.items():
        for person_id in holders:
            union.join(("i", node), ("p", person_id))
            links.append((person_id, node))
    members: dict = defaultdict(lambda: {"c": set(), "p": set(), "i": set()})
    for element in list(union.parent):
        members[union.find(element)][element[0]].add(element[1])
    suspects = {p for _c, p, r in roles if r == CaseRole.Role.SUSPECT}
    groups = []
    for parts in members.values():
        if len(parts["c"]) < 2:
            continue
        held_by_suspects = {n for p, n in links if n in parts["i"] and p in suspects}
        kinds: dict[str, int] = defaultdict(int)
        for node in parts["i"]:
            kinds[node.split(":", 1)[0]] += 1
        cases_sorted = sorted(parts["c"])
        groups.append(
            Group(
                key=f"g{cases_sorted[0]}",
                cases=cases_sorted,
                people=parts["p"],
                identifiers=parts["i"],
                suspects=parts["p"] & suspects,
                score=len(parts["c"]) * 10 + len(held_by_suspects) * 3 + len(parts["p"] & suspects),
                kinds=dict(kinds),
            )
        )
    groups.sort(key=lambda g: (-g.score, -g.size, g.key))
    return Network(groups, roles, links)


def group_of(user, key: str) -> tuple[Group, Network] | None:
    """One group by its key ("g" and its lowest case id), rebuilt in the user's scope; None if absent."""
    network = network_of(user)
    group = next((g for g in network.groups if g.key == key), None)
    return (group, network) if group else None


# --- the graph of one group ------------------------------------------------------------------------


def _identifier_labels(network: Network, group: Group, personal: bool) -> dict[str, str]:
    """A short label per identifier node: kind and, for those who may see personal data, the last
    characters of the value (found by decrypting a holder's values and matching the digest)."""
    from gugus.core.crypto import blind_index

    labels = {}
    counter: dict[str, int] = defaultdict(int)
    holders: dict[str, list[int]] = defaultdict(list)
    for person_id, node in network.links:
        if node in group.identifiers:
            holders[node].append(person_id)
    people = {p.pk: p for p in Person.objects.filter(pk__in={p for ps in holders.values() for p in ps})}
    identifiers = {}
    if personal:
        for identifier in Identifier.objects.filter(person_id__in=list(people)):
            identifiers[f"{identifier.kind}:{identifier.digest}"] = identifier
    for node in sorted(group.identifiers):
        kind = node.split(":", 1)[0]
        counter[kind] += 1
        text = f"{NODE_KINDS.get(kind, kind)} {counter[kind]}"
        if personal:
            digest = node.split(":", 1)[1]
            if kind == "phone":
                for person_id in holders[node]:
                    phone = next((x for x in people[person_id].phone_list if blind_index("phone", x) == digest), None)
                    if phone:
                        text = f"{NODE_KINDS['phone']} …{phone[-4:]}"
                        break
            elif node in identifiers:
                value = identifiers[node].value or ""
                shown = value[-4:] if kind == "bank_account" else value[:40]
                prefix = identifiers[node].label
                text = f"{NODE_KINDS[kind]} {prefix} {'…' if kind == 'bank_account' else ''}{shown}".replace("  ", " ")
            elif kind == "organisation":
                text = people[holders[node][0]].full_name or text
        labels[node] = text
    from gugus.legal.selectors import compound_labels

    labels.update(compound_labels(group.identifiers))  # a compound's name is not personal data
    return labels


def group_graph(user, group: Group, network: Network, *, personal: bool) -> dict:
    """Nodes and edges of a group for the graph view and the export (names only when ``personal``)."""
    cases = {c.pk: c for c in Case.objects.filter(pk__in=group.cases).select_related("reporting_unit")}
    # every person of the group's cases (victims too), not only those that link the cases
    case_roles = list(CaseRole.objects.filter(case_id__in=list(cases)).values_list("case_id", "person_id", "role"))
    people = {p.pk: p for p in Person.objects.filter(pk__in={p for _c, p, _r in case_roles} | group.people)}
    roles_of: dict[int, set[str]] = defaultdict(set)
    for _case_id, person_id, role in case_roles:
        roles_of[person_id].add(role)
    nodes = []
    for case in cases.values():
        nodes.append({"id": f"c{case.pk}", "type": "case", "label": case.number, "unit": case.reporting_unit.code,
                      "url": f"/cases/{case.pk}/"})  # fmt: skip
    for index, person in enumerate(sorted(people.values(), key=lambda p: p.pk), start=1):
        roles = sorted(roles_of[person.pk])
        role_text = ", ".join(str(CaseRole.Role(r).label) for r in roles)
        label = (person.full_name or "") if personal else f"{role_text} {index}"
        nodes.append({"id": f"p{person.pk}", "type": "organisation" if person.kind == "organisation" else "person",
                      "label": label, "roles": roles, "url": f"/people/{person.pk}/" if personal else ""})  # fmt: skip
    labels = _identifier_labels(network, group, personal)
    for node in sorted(group.identifiers):
        kind = node.split(":", 1)[0]
        nodes.append(
            {"id": "i" + node, "type": kind, "label": labels[node], "kind_label": str(NODE_KINDS.get(kind, kind))}
        )
    edges = []
    for case_id, person_id, role in case_roles:
        if person_id in people:
            edges.append({"source": f"c{case_id}", "target": f"p{person_id}", "label": str(CaseRole.Role(role).label)})
    for person_id, node in network.links:
        if node in group.identifiers and person_id in people:
            edges.append({"source": f"p{person_id}", "target": "i" + node, "label": ""})
    for i, edge in enumerate(edges):
        edge["id"] = f"e{i}"
    return {"nodes": nodes, "edges": edges}


def group_graph_read(user, key: str) -> tuple[Group, dict] | None:
    """One group in the user's scope and its graph, names shown to those who see personal data, a
    read recorded here (``network``) for the page, its JSON and the API alike; None if absent."""
    from gugus.accounts.roles import has_capability
    from gugus.audit.reads import read_record

    found = group_of(user, key)
    if found is None:
        return None
    group, network = found
    personal = has_capability(user, "people.view_personal")
    graph = group_graph(user, group, network, personal=personal)
    if personal:
        read_record(actor=user, target=("networks.group", key), purpose="network")
    return group, graph


def graphml_export(user, key: str = "") -> bytes | None:
    """GraphML of one group (``key``) or of every group in scope; the export is a read
    (``network_export``, with the names only when they are in it). None if the group is absent."""
    from gugus.accounts.roles import has_capability
    from gugus.audit.reads import read_record

    network = network_of(user)
    groups = [g for g in network.groups if g.key == key] if key else network.groups
    if key and not groups:
        return None
    personal = has_capability(user, "people.view_personal")
    graphs = [(g.key, group_graph(user, g, network, personal=personal)) for g in groups]
    read_record(actor=user, target=("networks.export", key or "all"), purpose="network_export",
                only=["full_name"] if personal else [])  # fmt: skip
    return graphml(graphs)


def graphml(graphs: list[tuple[str, dict]]) -> bytes:
    """GraphML (for Gephi, yEd, Cytoscape desktop, i2) of one or more groups' graphs."""
    from xml.etree import ElementTree as ET

    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", xmlns=ns)
    for key_id, target, name in (("d0", "node", "type"), ("d1", "node", "label"), ("d2", "node", "group"),
                                 ("d3", "edge", "label")):  # fmt: skip
        ET.SubElement(root, "key", id=key_id, attrib={"for": target, "attr.name": name, "attr.type": "string"})
    graph = ET.SubElement(root, "graph", id="gugus-network", edgedefault="undirected")
    seen = set()
    for group_key, data in graphs:
        for node in data["nodes"]:
            if node["id"] in seen:
                continue
            seen.add(node["id"])
            element = ET.SubElement(graph, "node", id=node["id"])
            for key_id, value in (("d0", node["type"]), ("d1", node["label"]), ("d2", group_key)):
                ET.SubElement(element, "data", key=key_id).text = str(value)
        for edge in data["edges"]:
            element = ET.SubElement(
                graph, "edge", id=f"{group_key}-{edge['id']}", source=edge["source"], target=edge["target"]
            )
            ET.SubElement(element, "data", key="d3").text = edge["label"]
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")

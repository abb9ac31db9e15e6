"""The shape of each graph: a Mermaid snapshot under tests/snapshots, and structural checks.

A missing snapshot (or ``UPDATE_SNAPSHOTS=1``) writes the file and fails the test, so a
changed topology never passes silently: review the diff, commit the file, run again.
"""

from __future__ import annotations

import difflib
import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, get_args

import pytest
from langchain_core.runnables.graph import Graph
from langchain_core.tools import BaseTool

from graphs.hierarchical import build_hierarchical
from graphs.orchestrator import build_orchestrator
from graphs.parallel import build_parallel
from graphs.sequential import build_sequential
from graphs.state import WORKFLOWS
from nodes.llm import Models
from nodes.router import Route
from tests.support.memtools import MemoryTasks
from tests.support.scripted import ScriptedModel

SNAPSHOTS = Path(__file__).resolve().parents[2] / "snapshots"
UPDATE_ENV = "UPDATE_SNAPSHOTS"

Builder = Callable[[Models, Sequence[BaseTool]], Any]
BUILDERS: dict[str, Builder] = {
    "orchestrator": build_orchestrator,
    "sequential": build_sequential,
    "parallel": build_parallel,
    "hierarchical": build_hierarchical,
}


def drawing(name: str) -> Graph:
    models = Models(ScriptedModel(handlers={}))
    graph: Graph = BUILDERS[name](models, MemoryTasks().tools()).compile().get_graph(xray=True)
    return graph


def edges_from(graph: Graph) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for edge in graph.edges:
        out[edge.source].add(edge.target)
    return out


def reachable(graph: Graph, start: str, *, reverse: bool = False) -> set[str]:
    links: dict[str, set[str]] = defaultdict(set)
    for edge in graph.edges:
        source, target = (edge.target, edge.source) if reverse else (edge.source, edge.target)
        links[source].add(target)
    seen, todo = {start}, [start]
    while todo:
        for following in links[todo.pop()] - seen:
            seen.add(following)
            todo.append(following)
    return seen


@pytest.mark.parametrize("name", list(BUILDERS))
def test_topology_matches_snapshot(name: str) -> None:
    text = drawing(name).draw_mermaid()
    path = SNAPSHOTS / f"{name}.mmd"
    if os.environ.get(UPDATE_ENV) == "1" or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        pytest.fail(
            f"wrote the topology snapshot {path}: review it, commit it and run the tests "
            f"again without {UPDATE_ENV}",
            pytrace=False,
        )
    expected = path.read_text(encoding="utf-8")
    diff = "\n".join(
        difflib.unified_diff(
            expected.splitlines(), text.splitlines(), str(path), "now", lineterm=""
        )
    )
    assert text == expected, (
        f"the {name} graph changed; if that is intended, run with {UPDATE_ENV}=1:\n{diff}"
    )


@pytest.mark.parametrize("name", list(BUILDERS))
def test_every_node_is_reachable_and_reaches_the_end(name: str) -> None:
    graph = drawing(name)
    nodes = set(graph.nodes)
    assert reachable(graph, "__start__") == nodes
    # A subgraph ends through its parent's edges; every node must lead to the outer end.
    assert reachable(graph, "__end__", reverse=True) == nodes


def test_router_can_reach_exactly_the_workflows() -> None:
    graph = drawing("orchestrator")
    targets = edges_from(graph)["router"]
    assert {target.split(":")[0] for target in targets} == set(WORKFLOWS)
    assert set(get_args(Route)) == set(WORKFLOWS)
    assert all(e.conditional for e in graph.edges if e.source == "router")
    # Each workflow subgraph is entered at its first node and leads to the end.
    for workflow in ("sequential", "parallel", "hierarchical"):
        assert f"{workflow}:begin" in targets


def test_parallel_fans_out_to_the_worker_subgraph_and_back() -> None:
    for graph, prefix in ((drawing("parallel"), ""), (drawing("orchestrator"), "parallel:")):
        edges = edges_from(graph)
        worker = f"{prefix}worker:"
        assert {f"{worker}agent", f"{worker}tools", f"{worker}report"} <= set(graph.nodes)
        assert edges[f"{prefix}scheduler"] == {f"{worker}__start__", f"{prefix}aggregator"}
        assert edges[f"{worker}agent"] == {f"{worker}tools", f"{worker}report"}
        assert edges[f"{worker}tools"] == {f"{worker}agent"}
        assert edges[f"{worker}report"] == {f"{prefix}scheduler"}


def test_hierarchical_runs_the_operational_subgraph_between_planning_and_integration() -> None:
    for graph, prefix in (
        (drawing("hierarchical"), ""),
        (drawing("orchestrator"), "hierarchical:"),
    ):
        edges = edges_from(graph)
        operational = f"{prefix}operational:"
        assert edges[f"{prefix}strategist"] == {f"{prefix}tactician"}
        assert edges[f"{prefix}tactician"] == {f"{operational}create_goal"}
        assert edges[f"{operational}create_goal"] == {f"{operational}create_areas"}
        assert edges[f"{operational}create_areas"] == {f"{prefix}integrator"}


def test_sequential_validator_either_ends_or_sends_the_specialist_back() -> None:
    edges = edges_from(drawing("sequential"))
    assert edges["specialist"] == {"tools", "validator"}
    assert edges["tools"] == {"specialist"}
    assert edges["validator"] == {"specialist", "__end__"}

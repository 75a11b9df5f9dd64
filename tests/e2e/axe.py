"""axe-core in a Playwright tab: what it finds, one line per rule broken."""


def axe_violations(tab, axe_source, tags):
    """axe-core's violations of these rule tags on the tab's page, one line
    each: the rule, its impact, and the first three elements it names."""
    tab.add_script_tag(content=axe_source)
    result = tab.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in result["violations"]
    ]

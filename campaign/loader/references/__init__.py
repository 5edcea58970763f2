"""Cross-reference checks over an assembled module, one module per kind of reference.

`run.check_references` runs them all, in a fixed order, over a shared
`context.CheckContext`: ruleset names (`rules`), story structure (`story`),
scene contents (`scenes`) and random tables (`tables`).
"""

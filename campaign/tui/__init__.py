"""The Textual GM screen: the only package of `campaign` that imports Textual.

Start it with `campaign play` or, from code and tests, `make_app()` in
`campaign.tui.app`.
"""

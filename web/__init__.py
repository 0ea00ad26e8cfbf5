"""The page's files (HTML, CSS, ES modules, vendored assets), served by `api.web`.

A package only so that the files ship with kyodo (package data); there is no Python here.
"""

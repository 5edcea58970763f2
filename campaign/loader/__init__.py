"""Load a module folder into a `Module`, or report every problem at once.

The fast path loads every YAML file with libyaml's safe loader and validates
the plain data with pydantic; positions (line:column) are only worked out for
the files that have problems, by composing those files again into YAML nodes
and walking the error's field path. That keeps a clean load close to the cost
of parsing the YAML alone.

Every problem is one line: `path:line:col: field.path: message`.

What lives where:

- `yaml_loader`: `YamlLoader`, the safe loader with YAML 1.2 booleans and the
  limits on values (64-bit integers, 64 levels, 256 KB of text, no key twice),
  enforced while each value is built;
- `node_paths`: field paths to YAML nodes, and the first place a document
  nests too deep (walks that survive aliases and self-reference);
- `discovery`: `MODULE_FILE`, `SKIPPED_FOLDERS`, `module_search_dirs`,
  `find_module`, `discover_modules`;
- `limits`: how much YAML a module may hold (5 MB a file, 16 MB and 10,000
  files a module), measured on the handle each file is read from, with a
  bounded read, before anything is parsed;
- `reading`: files to documents, with the size, symlink, syntax and alias limits,
  and the loader's refused values as located problems;
- `report`: locating a problem at a field path in its file;
- `error_paths`, `validation`: documents to models, validation errors to problems;
- `assembly`: valid documents to one `Module`;
- `references/`: the cross-reference checks, one module per kind of reference;
- `coverage`: gaps and overlaps of a table's ranges over its die;
- `loading`: `load_module`, the stages in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from campaign.errors import ModuleError as ModuleError
from campaign.errors import Problem as Problem
from campaign.loader.discovery import MODULE_FILE as MODULE_FILE
from campaign.loader.discovery import SKIPPED_FOLDERS as SKIPPED_FOLDERS
from campaign.loader.discovery import discover_modules as discover_modules
from campaign.loader.discovery import find_module as find_module
from campaign.loader.discovery import module_of_session as module_of_session
from campaign.loader.discovery import module_search_dirs as module_search_dirs
from campaign.loader.limits import MAX_FILE_BYTES as MAX_FILE_BYTES
from campaign.loader.limits import MAX_MODULE_BYTES as MAX_MODULE_BYTES
from campaign.loader.limits import MAX_MODULE_FILES as MAX_MODULE_FILES
from campaign.loader.yaml_loader import YamlLoader as YamlLoader

if TYPE_CHECKING:
    from campaign.loader.loading import load_module as load_module


def __getattr__(name: str) -> object:
    """`load_module` (and with it the model and pydantic) is imported when first asked
    for: finding a module (`campaign play`'s first step) needs neither."""
    if name == "load_module":
        from campaign.loader.loading import load_module

        return load_module
    raise AttributeError(f"module 'campaign.loader' has no attribute {name!r}")


__all__ = [
    "MAX_FILE_BYTES",
    "MAX_MODULE_BYTES",
    "MAX_MODULE_FILES",
    "MODULE_FILE",
    "SKIPPED_FOLDERS",
    "ModuleError",
    "Problem",
    "YamlLoader",
    "discover_modules",
    "find_module",
    "load_module",
    "module_of_session",
    "module_search_dirs",
]

# Python 3.10 removed the ABC aliases from `collections`; Shuup 3.1.0's pinned libraries still import
# them from there. Imported at start-up by a .pth file in the Shuup venv (setup.sh puts both there).
import collections, collections.abc
for _n in ("Mapping", "MutableMapping", "Sequence", "MutableSequence", "Set", "MutableSet",
           "Iterable", "Iterator", "Callable", "Hashable", "Sized", "Container"):
    if not hasattr(collections, _n):
        setattr(collections, _n, getattr(collections.abc, _n))
